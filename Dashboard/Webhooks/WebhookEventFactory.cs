using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Ingestion;

namespace Dashboard.Webhooks;

/// <summary>
/// Builds the catalogue CloudEvents a provider callback maps to, held to the rules <see cref="CloudEventValidator"/>
/// applies to producers' events (attribute sizes, storable text, the <c>data</c> members of the event catalogue, the
/// configured identifier and text bounds, and the <c>time</c> window around arrival; docs/limits.md), so a webhook can
/// never store what <c>POST /api/v1/events</c> would refuse.
/// </summary>
/// <param name="limits">The bounds in force (<c>Ingestion:*</c>, <c>Retention:Days</c>).</param>
/// <param name="arrival">When the callback arrived: the <c>time</c> window is measured from it.</param>
internal sealed class WebhookEventFactory(EventLimits limits, DateTimeOffset arrival)
{
    // camelCase like the wire format; absent optional members are left out rather than written as null.
    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly List<CloudEvent> _events = [];
    private readonly EventErrorCollector _errors = new(limits);
    private int _added;

    /// <summary>The events added so far, in order; complete only when <see cref="Errors"/> is empty.</summary>
    public IReadOnlyList<CloudEvent> Events => _events;

    /// <summary>Why an event could not be built (a provider value breaking a catalogue rule), by event index.</summary>
    public IReadOnlyList<EventError> Errors => _errors.Errors;

    /// <summary>Adds one event; <paramref name="data"/> is serialised to a JSON object and checked against the catalogue.</summary>
    /// <param name="id">The deterministic <c>id</c> (de-duplication key with <paramref name="source"/>).</param>
    /// <param name="source">The provider and account, a URI-reference.</param>
    /// <param name="type">A catalogue type, e.g. <c>call.started</c>.</param>
    /// <param name="subject">The provider's object the event is about (a call or room), or null.</param>
    /// <param name="time">The event's time.</param>
    /// <param name="data">An anonymous object or record with the catalogue's members.</param>
    public void Add(string id, string source, string type, string? subject, DateTimeOffset time, object data)
    {
        _errors.BeginEvent(_added++);
        CheckAttribute(id, "id", CloudEventValidator.MaxIdBytes);
        CheckAttribute(source, "source", CloudEventValidator.MaxSourceBytes);
        if (subject is not null)
        {
            CheckAttribute(subject, "subject", CloudEventValidator.MaxSubjectBytes);
        }

        CloudEventValidator.CheckTimeBounds(time, arrival, _errors);

        // SerializeToElement owns its document, so the element stays readable for as long as the event is referenced.
        var element = JsonSerializer.SerializeToElement(data, data.GetType(), DataOptions);
        if (JsonFields.FindUnstorableText(element, "data") is { } field)
        {
            _errors.Add(field, "must be valid Unicode text without NUL characters or unpaired surrogates");
        }
        else
        {
            EventCatalogue.ValidateData(type, element, _errors);
        }

        if (!_errors.CurrentHasErrors)
        {
            _events.Add(new CloudEvent(id, source, type, subject, time, element));
        }
    }

    // The producers' rule for the same attribute (bytes, control characters), plus non-empty.
    private void CheckAttribute(string value, string field, int maxBytes)
    {
        if (value.Length == 0)
        {
            _errors.Add(field, "must be a non-empty string");
        }
        else
        {
            TextRules.Attribute(value, field, maxBytes, _errors);
        }
    }
}

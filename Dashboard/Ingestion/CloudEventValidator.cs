using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// Checks one parsed event against CloudEvents 1.0 (§3.1 context attributes, JSON event format §3) and the event
/// catalogue, and turns it into a <see cref="CloudEvent"/>. Strict about JSON types: <c>"id": 5</c> is an error,
/// not the string <c>"5"</c>. JSON <c>null</c> for an optional attribute means absent.
/// </summary>
internal static partial class CloudEventValidator
{
    // The primary key (tenant, source, event_id) is a btree entry, which PostgreSQL limits to 2704 bytes: with a
    // 64-byte tenant these leave room to spare. Fixed (docs/limits.md): producers' ids are keys, not configuration.
    internal const int MaxIdBytes = 512;
    internal const int MaxSourceBytes = 1024;
    internal const int MaxSubjectBytes = 1024;
    internal const int MaxTypeBytes = 256;

    /// <summary>Validates every element; returns the valid events (complete only when <paramref name="errors"/> stayed empty).</summary>
    public static List<CloudEvent> ValidateAll(IReadOnlyList<JsonElement> elements, DateTimeOffset arrival, EventErrorCollector errors)
    {
        var events = new List<CloudEvent>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            errors.BeginEvent(i);
            if (Validate(elements[i], arrival, errors) is { } cloudEvent)
            {
                events.Add(cloudEvent);
            }
        }

        return events;
    }

    /// <summary>Validates one event; null (with errors added) when it breaks a rule.</summary>
    /// <param name="element">The event's JSON.</param>
    /// <param name="arrival">The request's arrival time: used when <c>time</c> is absent, and what <c>time</c>'s bounds are counted from.</param>
    /// <param name="errors">Receives one entry per broken rule, for the current event.</param>
    public static CloudEvent? Validate(JsonElement element, DateTimeOffset arrival, EventErrorCollector errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("", "must be a JSON object (a CloudEvent in structured JSON mode)");
            return null;
        }

        string? specVersion = null, id = null, source = null, type = null, subject = null;
        DateTimeOffset? time = null;
        JsonElement data = default;
        foreach (var attribute in element.EnumerateObject())
        {
            var value = attribute.Value;
            if (!TryGetName(attribute, out var name))
            {
                errors.Add("", "attribute names must be lower-case ASCII letters and digits (CloudEvents 1.0 §3.1.1)");
                continue;
            }

            switch (name)
            {
                case "specversion":
                    specVersion = RequiredText(value, name, int.MaxValue, errors);
                    break;
                case "id":
                    id = RequiredText(value, name, MaxIdBytes, errors);
                    break;
                case "source":
                    source = RequiredText(value, name, MaxSourceBytes, errors);
                    break;
                case "type":
                    type = RequiredText(value, name, MaxTypeBytes, errors);
                    break;
                case "subject":
                    subject = value.ValueKind == JsonValueKind.Null ? null : RequiredText(value, name, MaxSubjectBytes, errors);
                    break;
                case "time":
                    time = value.ValueKind == JsonValueKind.Null ? null : ReadTime(value, errors);
                    break;
                case "datacontenttype":
                    CheckDataContentType(value, errors);
                    break;
                case "dataschema":
                    CheckDataSchema(value, errors);
                    break;
                case "data":
                    data = value;
                    break;
                case "data_base64":
                    errors.Add(name, "is not supported: send data as a JSON object");
                    break;
                default:
                    CheckExtension(name, value, errors);
                    break;
            }
        }

        CheckRequired(specVersion, "specversion", "\"1.0\"", errors);
        if (specVersion is { Length: > 0 } and not "1.0")
        {
            errors.Add("specversion", "must be \"1.0\" (CloudEvents 1.0)");
        }

        CheckRequired(id, "id", "a non-empty string", errors);
        CheckRequired(source, "source", "a non-empty string (URI-reference)", errors);
        CheckRequired(type, "type", "a non-empty string", errors);
        CheckTypeAndData(type, data, errors);
        if (time is { } eventTime)
        {
            CheckTimeBounds(eventTime, arrival, errors);
        }

        return errors.CurrentHasErrors ? null : new CloudEvent(id!, source!, type!, subject, time ?? arrival, data);
    }

    private static void CheckTypeAndData(string? type, JsonElement data, EventErrorCollector errors)
    {
        if (type is null or "")
        {
            return;
        }

        if (!EventCatalogue.IsKnown(type))
        {
            errors.Add("type", "unsupported event type (see the event catalogue, docs/events.md)");
            return;
        }

        if (data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            errors.Add("data", "is required: a JSON object");
        }
        else if (data.ValueKind != JsonValueKind.Object)
        {
            errors.Add("data", "must be a JSON object");
        }
        else if (JsonFields.FindUnstorableText(data, "data") is { } field)
        {
            errors.Add(field, "must be valid Unicode text without NUL characters or unpaired surrogates");
        }
        else
        {
            EventCatalogue.ValidateData(type, data, errors);
        }
    }

    private static void CheckRequired(string? value, string name, string what, EventErrorCollector errors)
    {
        // Null only when absent (or JSON null); a present but broken value already has its own error.
        if (value is null)
        {
            errors.Add(name, "is required: " + what);
        }
    }

    /// <summary>The attribute's text; null when absent; <c>""</c> when present but broken (its error already added).</summary>
    private static string? RequiredText(JsonElement value, string name, int maxBytes, EventErrorCollector errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "must be a string");
            return "";
        }

        if (!JsonFields.TryGetText(value, out var text))
        {
            errors.Add(name, "must be valid Unicode text without NUL characters");
            return "";
        }

        if (text.Length == 0)
        {
            errors.Add(name, "must be a non-empty string");
            return "";
        }

        return TextRules.Attribute(text, name, maxBytes, errors) ? text : "";
    }
}

using System.Collections.Frozen;
using System.Text.Json;
using Dashboard.Catalogue;

namespace Dashboard.Ingestion;

/// <summary>
/// The CloudEvents <c>type</c>s the server accepts and the rules for their <c>data</c> (DESIGN.md §4 "Event catalogue").
/// </summary>
/// <remarks>
/// Issue 2 checks the <c>data</c> of the voice and campaign events the walking skeleton computes metrics from
/// (<c>call.started</c>, <c>call.answered</c>, <c>call.ended</c>, <c>campaign.updated</c>) member by member; issue 4 adds
/// the queue and agent events (<c>call.queued</c>, <c>agent.status_changed</c>). Every other
/// catalogue type is accepted and stored when its <c>data</c> is a JSON object, and gets its member rules when the
/// feature that reads it is built (later issues); until then its consumers must not trust its members. A type outside
/// the catalogue is rejected, so a typo never lands silently in storage.
/// </remarks>
internal static class EventCatalogue
{
    // Every catalogue type; null means accepted with any JSON object as data until its issue adds member rules.
    private static readonly FrozenDictionary<string, Action<JsonElement, EventErrorCollector>?> Rules = BuildRules();

    /// <summary>True when <paramref name="type"/> is in the catalogue (exact, case-sensitive).</summary>
    public static bool IsKnown(string type) => Rules.ContainsKey(type);

    /// <summary>True for the types published on the <c>calls</c> topic after commit.</summary>
    public static bool IsCallEvent(string type) => type is EventTypes.CallStarted or EventTypes.CallAnswered or EventTypes.CallEnded;

    /// <summary>Checks the members of <paramref name="data"/> (a JSON object) for a known <paramref name="type"/>.</summary>
    public static void ValidateData(string type, JsonElement data, EventErrorCollector errors)
    {
        if (Rules.TryGetValue(type, out var rule))
        {
            rule?.Invoke(data, errors);
        }
    }

    private static void ValidateCallStarted(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredString(data, "callId", errors);
        JsonFields.RequiredEnum(data, "direction", EventTypes.Directions, errors);
        JsonFields.OptionalString(data, "campaignId", errors, nonEmpty: true);
        JsonFields.OptionalString(data, "queue", errors, nonEmpty: true);
        JsonFields.OptionalString(data, "agentId", errors, nonEmpty: true);
        JsonFields.OptionalString(data, "from", errors);
        JsonFields.OptionalString(data, "to", errors);
    }

    private static void ValidateCallAnswered(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredString(data, "callId", errors);
        JsonFields.OptionalString(data, "agentId", errors, nonEmpty: true);
    }

    private static void ValidateCallEnded(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredString(data, "callId", errors);
        JsonFields.RequiredEnum(data, "outcome", CallOutcomes.All, errors);
        JsonFields.OptionalNonNegativeNumber(data, "durationSeconds", errors);
    }

    // {callId, queue}: both required, since a queued call without its queue cannot be counted as waiting anywhere.
    private static void ValidateCallQueued(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredString(data, "callId", errors);
        JsonFields.RequiredString(data, "queue", errors);
    }

    // {agentId, name?, status: available|on_call|after_call_work|busy|offline, queues?: [string]}.
    private static void ValidateAgentStatusChanged(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredString(data, "agentId", errors);
        JsonFields.OptionalString(data, "name", errors);
        JsonFields.RequiredEnum(data, "status", EventTypes.AgentStatuses, errors);
        JsonFields.OptionalStringArray(data, "queues", errors);
    }

    private static void ValidateCampaignUpdated(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredString(data, "campaignId", errors);
        JsonFields.OptionalString(data, "name", errors);
        JsonFields.OptionalEnum(data, "status", EventTypes.CampaignStatuses, errors);
        JsonFields.OptionalNonNegativeInteger(data, "queueDepth", errors);
    }

    private static FrozenDictionary<string, Action<JsonElement, EventErrorCollector>?> BuildRules()
    {
        var rules = EventTypes.All.ToDictionary(t => t, _ => (Action<JsonElement, EventErrorCollector>?)null, StringComparer.Ordinal);
        rules[EventTypes.CallStarted] = ValidateCallStarted;
        rules[EventTypes.CallAnswered] = ValidateCallAnswered;
        rules[EventTypes.CallEnded] = ValidateCallEnded;
        rules[EventTypes.CampaignUpdated] = ValidateCampaignUpdated;
        rules[EventTypes.CallQueued] = ValidateCallQueued;
        rules[EventTypes.AgentStatusChanged] = ValidateAgentStatusChanged;
        return rules.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

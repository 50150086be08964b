using Dashboard.Catalogue;
using System.Collections.Frozen;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// The CloudEvents <c>type</c>s the server accepts and the rules for their <c>data</c> (docs/events.md).
/// </summary>
/// <remarks>
/// Issue 2 checks the <c>data</c> of the voice and campaign events the walking skeleton computes metrics from
/// (<c>call.started</c>, <c>call.answered</c>, <c>call.ended</c>, <c>campaign.updated</c>) member by member; issue 4 adds
/// the queue and agent events (<c>call.queued</c>, <c>agent.status_changed</c>). Every other
/// catalogue type is accepted and stored when its <c>data</c> is a JSON object whose identifiers and free text keep the
/// bounds of docs/limits.md (<c>EventCatalogue.Bounds.cs</c>), and gets its full member rules when the feature
/// that reads it is built (later issues); until then its consumers must trust only those bounds. A type outside the
/// catalogue is rejected, so a typo never lands silently in storage. Identifiers and free text follow
/// <see cref="TextRules"/>.
/// </remarks>
internal static partial class EventCatalogue
{
    // Every catalogue type; null would mean any JSON object as data (no type is left so).
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
        JsonFields.RequiredIdentifier(data, "callId", errors);
        JsonFields.RequiredEnum(data, "direction", EventTypes.Directions, errors);
        JsonFields.OptionalIdentifier(data, "campaignId", errors);
        JsonFields.OptionalIdentifier(data, "queue", errors);
        JsonFields.OptionalIdentifier(data, "agentId", errors);
        JsonFields.OptionalText(data, "from", errors);
        JsonFields.OptionalText(data, "to", errors);
    }

    private static void ValidateCallAnswered(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredIdentifier(data, "callId", errors);
        JsonFields.OptionalIdentifier(data, "agentId", errors);
    }

    private static void ValidateCallEnded(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredIdentifier(data, "callId", errors);
        JsonFields.RequiredEnum(data, "outcome", CallOutcomes.All, errors);
        JsonFields.OptionalNonNegativeNumber(data, "durationSeconds", errors, EventLimits.MaxDurationSeconds);
    }

    // {callId, queue}: both required, since a queued call without its queue cannot be counted as waiting anywhere.
    private static void ValidateCallQueued(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredIdentifier(data, "callId", errors);
        JsonFields.RequiredIdentifier(data, "queue", errors);
    }

    // {agentId, name?, status: available|on_call|after_call_work|busy|offline, queues?: [string]}.
    private static void ValidateAgentStatusChanged(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredIdentifier(data, "agentId", errors);
        JsonFields.OptionalText(data, "name", errors);
        JsonFields.RequiredEnum(data, "status", EventTypes.AgentStatuses, errors);
        JsonFields.OptionalIdentifierList(data, "queues", errors);
    }

    private static void ValidateCampaignUpdated(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredIdentifier(data, "campaignId", errors);
        JsonFields.OptionalText(data, "name", errors);
        JsonFields.OptionalEnum(data, "status", EventTypes.CampaignStatuses, errors);
        JsonFields.OptionalNonNegativeInteger(data, "queueDepth", errors, int.MaxValue);
    }

    private static FrozenDictionary<string, Action<JsonElement, EventErrorCollector>?> BuildRules()
    {
        var rules = EventTypes.All.ToDictionary(t => t, _ => (Action<JsonElement, EventErrorCollector>?)null, StringComparer.Ordinal);
        AddBoundsRules(rules);
        AddChatRules(rules);
        AddCommerceRules(rules);
        rules[EventTypes.CallStarted] = ValidateCallStarted;
        rules[EventTypes.CallAnswered] = ValidateCallAnswered;
        rules[EventTypes.CallEnded] = ValidateCallEnded;
        rules[EventTypes.CampaignUpdated] = ValidateCampaignUpdated;
        rules[EventTypes.CallQueued] = ValidateCallQueued;
        rules[EventTypes.AgentStatusChanged] = ValidateAgentStatusChanged;
        return rules.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

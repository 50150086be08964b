using System.Collections.Frozen;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// The CloudEvents <c>type</c>s the server accepts and the rules for their <c>data</c> (DESIGN.md §4 "Event catalogue").
/// </summary>
/// <remarks>
/// Issue 2 checks the <c>data</c> of the voice and campaign events the walking skeleton computes metrics from
/// (<c>call.started</c>, <c>call.answered</c>, <c>call.ended</c>, <c>campaign.updated</c>) member by member. Every other
/// catalogue type is accepted and stored when its <c>data</c> is a JSON object, and gets its member rules when the
/// feature that reads it is built (later issues); until then its consumers must not trust its members. A type outside
/// the catalogue is rejected, so a typo never lands silently in storage.
/// </remarks>
internal static class EventCatalogue
{
    /// <summary><c>call.started</c> <c>{callId, direction: inbound|outbound, campaignId?, queue?, agentId?, from?, to?}</c>.</summary>
    public const string CallStarted = "call.started";

    /// <summary><c>call.answered</c> <c>{callId, agentId?}</c>.</summary>
    public const string CallAnswered = "call.answered";

    /// <summary><c>call.ended</c> <c>{callId, outcome, durationSeconds?}</c>.</summary>
    public const string CallEnded = "call.ended";

    /// <summary><c>campaign.updated</c> <c>{campaignId, name?, status?: active|paused|completed, queueDepth?}</c>.</summary>
    public const string CampaignUpdated = "campaign.updated";

    /// <summary>Call directions of <c>call.started</c>.</summary>
    public static readonly string[] Directions = ["inbound", "outbound"];

    /// <summary>Outcomes of <c>call.ended</c> (the dialer outcomes of DESIGN.md §4).</summary>
    public static readonly string[] Outcomes = ["completed", "busy", "no_answer", "failed", "converted", "opted_out", "abandoned", "voicemail", "canceled"];

    /// <summary>Statuses of <c>campaign.updated</c>.</summary>
    public static readonly string[] CampaignStatuses = ["active", "paused", "completed"];

    // null: accepted with any JSON object as data until its issue adds member rules (see the type's remarks).
    private static readonly FrozenDictionary<string, Action<JsonElement, EventErrorCollector>?> Rules =
        new Dictionary<string, Action<JsonElement, EventErrorCollector>?>(StringComparer.Ordinal)
        {
            [CallStarted] = ValidateCallStarted,
            [CallAnswered] = ValidateCallAnswered,
            [CallEnded] = ValidateCallEnded,
            [CampaignUpdated] = ValidateCampaignUpdated,
            ["call.queued"] = null,
            ["agent.status_changed"] = null,
            ["chat.session_started"] = null,
            ["chat.session_assigned"] = null,
            ["chat.session_closed"] = null,
            ["chat.message"] = null,
            ["chat.message_status"] = null,
            ["csat.submitted"] = null,
            ["transaction.updated"] = null,
            ["user.active"] = null,
            ["content.viewed"] = null,
            ["content.purchased"] = null,
            ["metric.reported"] = null,
            ["notification.created"] = null,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when <paramref name="type"/> is in the catalogue (exact, case-sensitive).</summary>
    public static bool IsKnown(string type) => Rules.ContainsKey(type);

    /// <summary>True for the types published on the <c>calls</c> topic after commit.</summary>
    public static bool IsCallEvent(string type) => type is CallStarted or CallAnswered or CallEnded;

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
        JsonFields.RequiredEnum(data, "direction", Directions, errors);
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
        JsonFields.RequiredEnum(data, "outcome", Outcomes, errors);
        JsonFields.OptionalNonNegativeNumber(data, "durationSeconds", errors);
    }

    private static void ValidateCampaignUpdated(JsonElement data, EventErrorCollector errors)
    {
        JsonFields.RequiredString(data, "campaignId", errors);
        JsonFields.OptionalString(data, "name", errors);
        JsonFields.OptionalEnum(data, "status", CampaignStatuses, errors);
        JsonFields.OptionalNonNegativeInteger(data, "queueDepth", errors);
    }
}

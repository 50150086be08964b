using Dashboard.Catalogue;
using System.Globalization;

namespace Dashboard.Chat;

/// <summary>
/// One stored chat or CSAT event as the chat fold reads it (docs/events.md §3). Only the members its type carries are
/// set; <see cref="Time"/> is the event's CloudEvents <c>time</c> (UTC), which orders everything the fold merges.
/// </summary>
/// <param name="Tenant">The event's tenant.</param>
/// <param name="Type">One of the chat types of <see cref="EventTypes"/> or <c>csat.submitted</c>.</param>
/// <param name="Time">Event time (UTC).</param>
/// <param name="Source">CloudEvents <c>source</c>: with <paramref name="EventId"/>, a CSAT response's identity.</param>
/// <param name="EventId">CloudEvents <c>id</c>.</param>
/// <param name="SessionId">The session (every session event, <c>chat.message</c>, optionally <c>csat.submitted</c>).</param>
/// <param name="MessageId">The message (<c>chat.message</c>, <c>chat.message_status</c>).</param>
/// <param name="AgentId">The agent (<c>chat.session_assigned</c>, optionally <c>csat.submitted</c>).</param>
/// <param name="Channel">The channel of <c>chat.session_started</c>, when named.</param>
/// <param name="Kind">The kind of <c>chat.message</c>.</param>
/// <param name="Sender"><c>customer</c> or <c>agent</c> (<c>chat.message</c>).</param>
/// <param name="Status">The status of <c>chat.message_status</c>.</param>
/// <param name="Resolved">The <c>resolved</c> flag of <c>chat.session_closed</c> (false when absent).</param>
/// <param name="Score">The score of <c>csat.submitted</c>, 1..5.</param>
/// <param name="CallId">The call a <c>csat.submitted</c> rates, when named.</param>
internal sealed record ChatEvent(
    string Tenant,
    string Type,
    DateTime Time,
    string Source,
    string EventId,
    string? SessionId = null,
    string? MessageId = null,
    string? AgentId = null,
    string? Channel = null,
    string? Kind = null,
    string? Sender = null,
    string? Status = null,
    bool Resolved = false,
    int? Score = null,
    string? CallId = null)
{
    /// <summary>True for the types the chat fold reads.</summary>
    public static bool IsChat(string type) =>
        type is EventTypes.ChatSessionStarted or EventTypes.ChatSessionAssigned or EventTypes.ChatSessionClosed
            or EventTypes.ChatMessage or EventTypes.ChatMessageStatus or EventTypes.CsatSubmitted;

    /// <summary>
    /// The event of <paramref name="type"/> read from its <c>data</c> members (each as the text of <c>data-&gt;&gt;name</c>);
    /// null when a member the fold keys on is missing (nothing to fold it into: ignored, as the call fold ignores a call
    /// event without <c>callId</c>).
    /// </summary>
    /// <exception cref="FormatException">A member breaks the rules ingestion applies today (an event stored before they existed): the fold sets it aside as a dead letter.</exception>
    public static ChatEvent? From(string tenant, string type, DateTime time, string source, string eventId, Func<string, string?> member)
    {
        string? Id(string name) => member(name) is { Length: > 0 } s ? s : null;
        var e = new ChatEvent(tenant, type, time, source, eventId);
        switch (type)
        {
            case EventTypes.ChatSessionStarted:
                return Id("sessionId") is { } started ? e with { SessionId = started, Channel = Id("channel") } : null;
            case EventTypes.ChatSessionAssigned:
                return Id("sessionId") is { } assigned && Id("agentId") is { } agent ? e with { SessionId = assigned, AgentId = agent } : null;
            case EventTypes.ChatSessionClosed:
                return Id("sessionId") is { } closed ? e with { SessionId = closed, Resolved = Flag(member("resolved")) } : null;
            case EventTypes.ChatMessage:
                return Id("sessionId") is { } session && Id("messageId") is { } message
                    ? e with
                    {
                        SessionId = session,
                        MessageId = message,
                        Kind = OneOf(member("kind"), EventTypes.MessageKinds, "kind"),
                        Sender = OneOf(member("sender"), EventTypes.MessageSenders, "sender"),
                    }
                    : null;
            case EventTypes.ChatMessageStatus:
                return Id("messageId") is { } statusOf ? e with { MessageId = statusOf, Status = OneOf(member("status"), EventTypes.MessageStatuses, "status") } : null;
            case EventTypes.CsatSubmitted:
                return e with { Score = ParseScore(member("score")), SessionId = Id("sessionId"), AgentId = Id("agentId"), CallId = Id("callId") };
            default:
                return null;
        }
    }

    private static bool Flag(string? text) => text switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw new FormatException("data.resolved must be true or false"),
    };

    private static string OneOf(string? text, IReadOnlyList<string> allowed, string name) =>
        text is not null && allowed.Contains(text) ? text : throw new FormatException($"data.{name} must be one of {string.Join(", ", allowed)}");

    private static int ParseScore(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 5 && Math.Floor(d) == d
            ? (int)d
            : throw new FormatException("data.score must be an integer from 1 to 5");
}

using Dashboard.Catalogue;

namespace Dashboard.Chat;

/// <summary>
/// One row of <c>chat_messages</c> (migration 0007): a message's session, kind and sender from its earliest
/// <c>chat.message</c>, and its newest <c>chat.message_status</c> by event time (at equal times the later stage of
/// sent &lt; delivered &lt; read &lt; failed). A status folded before its message makes a row with only the status.
/// </summary>
internal sealed record ChatMessageRow(string Tenant, string MessageId)
{
    /// <summary>The session of the message (null until its <c>chat.message</c> is folded).</summary>
    public string? SessionId { get; init; }

    /// <summary><c>text</c>, <c>image</c>, <c>file</c>, <c>audio</c> or <c>video</c>.</summary>
    public string? Kind { get; init; }

    /// <summary><c>customer</c> or <c>agent</c>.</summary>
    public string? Sender { get; init; }

    /// <summary>Event time of the message.</summary>
    public DateTime? SentAt { get; init; }

    /// <summary>Newest status, null when none was reported.</summary>
    public string? Status { get; init; }

    /// <summary>Event time of <see cref="Status"/>.</summary>
    public DateTime? StatusAt { get; init; }

    /// <summary>
    /// Where the message counts in <c>chat_message_hourly</c>: its quarter-hour bucket (<see cref="Calendar.QuarterHours"/>, so
    /// any zone's local hours and days are exact unions), sender, kind and status (<c>sent</c> while none was reported);
    /// null until its <c>chat.message</c> is folded.
    /// </summary>
    public (DateTime Hour, string Sender, string Kind, string Status)? Bucket =>
        SentAt is { } at && Sender is { } sender && Kind is { } kind
            ? (Calendar.QuarterHours.Of(at), sender, kind, Status ?? "sent")
            : null;

    /// <summary>This row with <paramref name="e"/> merged in.</summary>
    public ChatMessageRow Apply(ChatEvent e)
    {
        var t = e.Time;
        if (e.Type == EventTypes.ChatMessage)
        {
            var earliest = SentAt is not { } s || t < s || (t == s && string.CompareOrdinal(Identity(e.SessionId, e.Kind, e.Sender), Identity(SessionId, Kind, Sender)) > 0);
            return earliest ? this with { SentAt = t, SessionId = e.SessionId, Kind = e.Kind, Sender = e.Sender } : this;
        }

        if (e.Type == EventTypes.ChatMessageStatus)
        {
            var newest = StatusAt is not { } at || t > at || (t == at && Stage(e.Status) > Stage(Status));
            return newest ? this with { Status = e.Status, StatusAt = t } : this;
        }

        return this;
    }

    private static int Stage(string? status) => status switch
    {
        "sent" => 0,
        "delivered" => 1,
        "read" => 2,
        "failed" => 3,
        _ => -1,
    };

    private static string Identity(string? session, string? kind, string? sender) => $"{session}\n{kind}\n{sender}";
}

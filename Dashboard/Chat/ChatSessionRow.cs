using Dashboard.Catalogue;

namespace Dashboard.Chat;

/// <summary>
/// One row of <c>chat_sessions</c> (migration 0007): a session's state folded from its events. Every field is a merge
/// by event time (the earliest or the newest wins, ties broken by value), so any order of the same events gives the
/// same row (docs/metrics.md §6).
/// </summary>
internal sealed record ChatSessionRow(string Tenant, string SessionId)
{
    /// <summary>Channel of the earliest <c>chat.session_started</c> (the one the customer arrived on).</summary>
    public string? Channel { get; init; }

    /// <summary>Earliest <c>chat.session_started</c>.</summary>
    public DateTime? StartedAt { get; init; }

    /// <summary>Newest <c>chat.session_started</c>: one after the newest close reopens the session.</summary>
    public DateTime? OpenedAt { get; init; }

    /// <summary>Earliest <c>chat.session_assigned</c>: the end of the wait.</summary>
    public DateTime? AssignedAt { get; init; }

    /// <summary>Agent of the newest <c>chat.session_assigned</c> (a transfer's new agent).</summary>
    public string? AgentId { get; init; }

    /// <summary>Time of the newest <c>chat.session_assigned</c>.</summary>
    public DateTime? AgentAssignedAt { get; init; }

    /// <summary>Earliest <c>chat.message</c> with sender <c>agent</c>.</summary>
    public DateTime? FirstResponseAt { get; init; }

    /// <summary>Newest <c>chat.session_closed</c>.</summary>
    public DateTime? ClosedAt { get; init; }

    /// <summary>The <c>resolved</c> flag of the newest close (true wins a tie).</summary>
    public bool Resolved { get; init; }

    /// <summary>This row with <paramref name="e"/> merged in (an event of another session or type changes nothing).</summary>
    public ChatSessionRow Apply(ChatEvent e)
    {
        var t = e.Time;
        switch (e.Type)
        {
            case EventTypes.ChatSessionStarted:
                var earliest = StartedAt is not { } s || t < s || (t == s && string.CompareOrdinal(e.Channel, Channel) > 0);
                return this with
                {
                    StartedAt = Earliest(StartedAt, t),
                    OpenedAt = Latest(OpenedAt, t),
                    Channel = earliest ? e.Channel : Channel,
                };
            case EventTypes.ChatSessionAssigned:
                var newest = AgentAssignedAt is not { } a || t > a || (t == a && string.CompareOrdinal(e.AgentId, AgentId) > 0);
                return this with
                {
                    AssignedAt = Earliest(AssignedAt, t),
                    AgentAssignedAt = newest ? t : AgentAssignedAt,
                    AgentId = newest ? e.AgentId : AgentId,
                };
            case EventTypes.ChatSessionClosed:
                return ClosedAt is not { } c || t > c
                    ? this with { ClosedAt = t, Resolved = e.Resolved }
                    : t == c ? this with { Resolved = Resolved || e.Resolved } : this;
            case EventTypes.ChatMessage when e.Sender == "agent":
                return this with { FirstResponseAt = Earliest(FirstResponseAt, t) };
            default:
                return this;
        }
    }

    private static DateTime Earliest(DateTime? current, DateTime t) => current is { } c && c <= t ? c : t;

    private static DateTime Latest(DateTime? current, DateTime t) => current is { } c && c >= t ? c : t;
}

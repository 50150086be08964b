namespace Dashboard.Chat;

/// <summary>
/// Body of <c>GET /api/v1/chat/agents</c> (docs/api.md): the <c>agents</c> of <see cref="ChatUpdate"/> with the window
/// they cover.
/// </summary>
/// <param name="Agents">As <see cref="ChatUpdate.Agents"/>: by agent id, at most <c>Payloads:MaxAgents</c>.</param>
/// <param name="TimeZone">The IANA time zone of the tenant's business day (<c>Tenants:{tenant}:TimeZone</c>, default <c>UTC</c>).</param>
/// <param name="WindowStart">Start of today (UTC instant).</param>
/// <param name="ComputedAt">When the figures were computed (UTC).</param>
public sealed record ChatAgentsReport(IReadOnlyList<ChatAgent> Agents, string TimeZone, DateTime WindowStart, DateTime ComputedAt);

/// <summary>Body of <c>GET /api/v1/chat/sessions</c> (docs/api.md): one page of sessions in one state.</summary>
/// <param name="State"><c>waiting</c>, <c>active</c> or <c>closed</c>.</param>
/// <param name="Total">Every session in that state (closed: closed today), however many are listed.</param>
/// <param name="Sessions">At most <c>limit</c>: waiting oldest first, active by newest assignment first, closed by newest close first.</param>
/// <param name="TimeZone">The IANA time zone of the tenant's business day.</param>
/// <param name="WindowStart">Start of today (UTC instant): <c>closed</c> lists sessions closed since.</param>
/// <param name="ComputedAt">When it was read (UTC); <c>waitingSeconds</c> are as of it.</param>
public sealed record ChatSessionsReport(string State, long Total, IReadOnlyList<ChatSessionListing> Sessions, string TimeZone, DateTime WindowStart, DateTime ComputedAt);

/// <summary>One session as <c>chat_sessions</c> holds it (docs/metrics.md §6 gives each time's meaning).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Channel">Channel of its earliest <c>chat.session_started</c> (docs/events.md §3); null when none named.</param>
/// <param name="State"><c>waiting</c>, <c>active</c> or <c>closed</c>.</param>
/// <param name="StartedAt">Its earliest <c>chat.session_started</c> (waits, first response and resolution run from it); null when none came.</param>
/// <param name="OpenedAt">Its newest <c>chat.session_started</c>: a waiting session waits since it.</param>
/// <param name="AssignedAt">Its earliest <c>chat.session_assigned</c> (the end of the wait).</param>
/// <param name="AgentId">The agent of its newest assignment (a transfer moves the session).</param>
/// <param name="FirstResponseAt">Its first agent message.</param>
/// <param name="ClosedAt">Its newest close (for an open, reopened session: the close before the reopen).</param>
/// <param name="Resolved">Closed sessions: the close's <c>resolved</c> flag; null for open ones.</param>
/// <param name="WaitingSeconds">Waiting sessions: now − <paramref name="OpenedAt"/> to 0.1 s; null otherwise.</param>
public sealed record ChatSessionListing(
    string SessionId,
    string? Channel,
    string State,
    DateTime? StartedAt,
    DateTime? OpenedAt,
    DateTime? AssignedAt,
    string? AgentId,
    DateTime? FirstResponseAt,
    DateTime? ClosedAt,
    bool? Resolved,
    double? WaitingSeconds);

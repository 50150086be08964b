namespace Dashboard.Chat;

/// <summary>
/// Topic <c>chat</c>, type <c>chat_update</c> (snapshot), and the body of <c>GET /api/v1/chat</c>: a tenant's chat and
/// support figures (docs/metrics.md §6). "Today" is the tenant's business day, which starts at <c>windowStart</c> (UTC)
/// in <c>timeZone</c>. Durations are seconds (to 0.1 s); ratios are fractions 0..1; a ratio or average with nothing to
/// count is null. <c>computedAt</c> is UTC: the waits are as of that instant.
/// </summary>
/// <param name="TimeZone">The IANA time zone of the tenant's business day (<c>Tenants:{tenant}:TimeZone</c>, default <c>UTC</c>).</param>
/// <param name="WindowStart">Start of today (UTC instant).</param>
/// <param name="Sessions">Sessions waiting and active now, closed and resolved today.</param>
/// <param name="WaitingSessions">The waiting sessions, oldest first, at most <c>Payloads:MaxWaitingSessions</c> (50); <c>sessions.waiting</c> is the true count.</param>
/// <param name="LongestWaitSeconds">Now − the oldest waiting session's start; null when nobody waits.</param>
/// <param name="AverageWaitSeconds">Average of assignment − start over sessions first assigned today.</param>
/// <param name="FirstResponseSeconds">Average of first agent message − start over sessions whose first agent message came today (Zendesk first reply time).</param>
/// <param name="ResolutionSeconds">Average of close − start over sessions closed now, closed today with <c>resolved: true</c> (Chatwoot resolution time).</param>
/// <param name="Agents">Agents with an open session, a session whose newest assignment, first response or close is today, or a CSAT response credited today; by agent id, at most <c>Payloads:MaxAgents</c> (the most active sessions, then the most today).</param>
/// <param name="Csat">Today's CSAT responses.</param>
/// <param name="Messages">Today's messages.</param>
/// <param name="ComputedAt">When the figures were computed (UTC).</param>
public sealed record ChatUpdate(
    string TimeZone,
    DateTime WindowStart,
    ChatSessionCounts Sessions,
    IReadOnlyList<WaitingSession> WaitingSessions,
    double? LongestWaitSeconds,
    double? AverageWaitSeconds,
    double? FirstResponseSeconds,
    double? ResolutionSeconds,
    IReadOnlyList<ChatAgent> Agents,
    CsatSummary Csat,
    MessageSummary Messages,
    DateTime ComputedAt);

/// <summary>Session counts: <c>waiting</c> (started, not assigned, open), <c>active</c> (assigned, open), and today's closes.</summary>
/// <param name="Active">Assigned and open now.</param>
/// <param name="Waiting">Started, never assigned, open now.</param>
/// <param name="ClosedToday">Sessions whose newest close is today (resolved or not, assigned or not).</param>
/// <param name="ResolvedToday">Of those, closed with <c>resolved: true</c>.</param>
public sealed record ChatSessionCounts(int Active, int Waiting, long ClosedToday, long ResolvedToday);

/// <summary>One waiting session.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Channel">Its channel (<c>web</c>, <c>whatsapp</c>…), null when none was named.</param>
/// <param name="WaitingSeconds">Now − <paramref name="StartedAt"/> at <c>computedAt</c>, to 0.1 s.</param>
/// <param name="StartedAt">When it started waiting (UTC): a client ticks the wait on from it between updates.</param>
public sealed record WaitingSession(string SessionId, string? Channel, double WaitingSeconds, DateTime StartedAt);

/// <summary>One agent's chat figures.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Name">The agent's name in the <c>agents</c> state (from <c>agent.status_changed</c>), else null.</param>
/// <param name="ActiveSessions">Open sessions assigned to the agent now.</param>
/// <param name="SessionsToday">Sessions whose newest assignment, to this agent, is today.</param>
/// <param name="FirstResponseSeconds">As <see cref="ChatUpdate.FirstResponseSeconds"/>, over the agent's sessions.</param>
/// <param name="ResolutionSeconds">As <see cref="ChatUpdate.ResolutionSeconds"/>, over the agent's sessions.</param>
/// <param name="CsatPercent">Today's responses scoring 4 or 5 / today's responses, attributed to the event's <c>agentId</c>, else the session's agent; 0..1.</param>
public sealed record ChatAgent(
    string AgentId,
    string? Name,
    int ActiveSessions,
    long SessionsToday,
    double? FirstResponseSeconds,
    double? ResolutionSeconds,
    double? CsatPercent);

/// <summary>Today's CSAT responses (Chatwoot and Zendesk CSAT score).</summary>
/// <param name="Responses">Responses today.</param>
/// <param name="Distribution">Responses per score, keys <c>"1"</c>..<c>"5"</c>, all present.</param>
/// <param name="Percent">(4s + 5s) / responses, 0..1.</param>
/// <param name="Average">Mean score, 1..5.</param>
public sealed record CsatSummary(long Responses, IReadOnlyDictionary<string, long> Distribution, double? Percent, double? Average);

/// <summary>Today's messages (a message's status is its newest <c>chat.message_status</c>; none yet counts as <c>sent</c>).</summary>
/// <param name="Today">Messages sent today, by customers and agents.</param>
/// <param name="ByKind">Today's messages per kind: keys <c>text</c>, <c>image</c>, <c>file</c>, <c>audio</c>, <c>video</c>, all present.</param>
/// <param name="ByStatus">Today's messages per status: keys <c>sent</c>, <c>delivered</c>, <c>read</c>, <c>failed</c>, all present.</param>
/// <param name="DeliveryRate">Agent messages today delivered or read / agent messages today.</param>
/// <param name="ReadRate">Agent messages today read / agent messages today.</param>
/// <param name="FailureRate">Agent messages today failed / agent messages today.</param>
/// <param name="PerHour">Messages per local clock hour of the tenant's zone for the last 24 hours, oldest first, 24 entries (zeros included); each <c>hour</c> is the UTC instant the local hour starts (10:30Z in +05:30).</param>
/// <param name="PeakHour">The entry of <paramref name="PerHour"/> with the most messages (the latest on a tie); null when all are zero.</param>
public sealed record MessageSummary(
    long Today,
    IReadOnlyDictionary<string, long> ByKind,
    IReadOnlyDictionary<string, long> ByStatus,
    double? DeliveryRate,
    double? ReadRate,
    double? FailureRate,
    IReadOnlyList<HourCount> PerHour,
    HourCount? PeakHour);

/// <summary>One hour's count.</summary>
/// <param name="Hour">Start of the hour (UTC).</param>
/// <param name="Count">Messages sent in it.</param>
public sealed record HourCount(DateTime Hour, long Count);

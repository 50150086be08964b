namespace Dashboard.Chat;

/// <summary>
/// Open sessions of one agent now (<see cref="AgentId"/> null: the waiting sessions, started and never assigned).
/// </summary>
internal sealed record ChatOpenCount(string? AgentId, int Sessions);

/// <summary>
/// One agent's (or, with <see cref="AgentId"/> null, the unassigned sessions') sums over the sessions touched today:
/// first assigned, newest assignment, first agent message or newest close at or after the day's start (docs/metrics.md §6).
/// Sums are seconds; each count is the denominator of its sum (sessions without <c>started_at</c> are in neither).
/// </summary>
internal sealed record ChatDayFigures(
    string? AgentId,
    long SessionsToday,
    double WaitSum,
    long WaitCount,
    double FirstResponseSum,
    long FirstResponseCount,
    double ResolutionSum,
    long ResolutionCount,
    long ClosedToday,
    long ResolvedToday);

/// <summary>Today's CSAT responses of one score attributed to one agent (null: nobody).</summary>
internal sealed record ChatCsatCount(string? AgentId, int Score, long Responses);

/// <summary>Today's messages of one sender, kind and current status (<c>chat_message_hourly</c> summed over today's hours).</summary>
internal sealed record ChatMessageCount(string Sender, string Kind, string Status, long Messages);

/// <summary>Everything <see cref="ChatMetricsBuilder.Build"/> needs for one tenant, as read by <see cref="ChatMetricsCalculator"/>.</summary>
/// <param name="Open">Open sessions per agent now (null agent: waiting).</param>
/// <param name="Waiting">The oldest waiting sessions, oldest first, at most <c>Payloads:MaxWaitingSessions</c>.</param>
/// <param name="Day">Today's sums per agent (null: sessions without an agent).</param>
/// <param name="Csat">Today's CSAT responses per agent and score.</param>
/// <param name="Messages">Today's messages per sender, kind and status.</param>
/// <param name="PerHour">Messages per quarter-hour bucket over the last 24 local hours (buckets without messages absent).</param>
/// <param name="Names">Agent names from the <c>agents</c> table, by agent id.</param>
internal sealed record ChatTenantRows(
    IReadOnlyList<ChatOpenCount> Open,
    IReadOnlyList<ChatWaitingRow> Waiting,
    IReadOnlyList<ChatDayFigures> Day,
    IReadOnlyList<ChatCsatCount> Csat,
    IReadOnlyList<ChatMessageCount> Messages,
    IReadOnlyDictionary<DateTime, long> PerHour,
    IReadOnlyDictionary<string, string> Names)
{
    /// <summary>A tenant without any chat row.</summary>
    public static readonly ChatTenantRows Empty = new([], [], [], [], [], new Dictionary<DateTime, long>(), new Dictionary<string, string>());
}

/// <summary>One waiting session: its id, channel and the newest <c>chat.session_started</c> (<c>opened_at</c>), which it waits since.</summary>
internal sealed record ChatWaitingRow(string SessionId, string? Channel, DateTime OpenedAt);

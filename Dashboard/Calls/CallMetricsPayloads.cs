namespace Dashboard.Calls;

/// <summary>
/// The call metrics of DESIGN.md §5 over the window [<c>computedAt</c> − <c>hours</c> h, <c>computedAt</c>] (UTC). A call
/// belongs to the window when its start is in it; counts are calls.
/// </summary>
/// <param name="Hours">The window's length in hours (1..168).</param>
/// <param name="TotalCalls">Calls started in the window.</param>
/// <param name="ActiveCalls">Of those, calls not ended yet.</param>
/// <param name="EndedCalls">Of those, calls ended (any outcome).</param>
/// <param name="CompletedCalls">Ended calls whose outcome is <c>completed</c> or <c>converted</c>: the conversation took place.</param>
/// <param name="SuccessRate"><c>completedCalls / endedCalls</c>; null when no call ended.</param>
/// <param name="AverageDurationSeconds">Mean duration in seconds of the ended calls whose duration is known; null when none.</param>
/// <param name="OutcomeCounts">Ended calls per <c>call.ended</c> outcome.</param>
/// <param name="ComputedAt">The window's end, UTC.</param>
public sealed record CallMetrics(
    int Hours,
    long TotalCalls,
    long ActiveCalls,
    long EndedCalls,
    long CompletedCalls,
    double? SuccessRate,
    double? AverageDurationSeconds,
    OutcomeCounts OutcomeCounts,
    DateTime ComputedAt);

/// <summary>
/// One UTC hour of the window: the calls started in that hour and in the window (the first hour of a window starting
/// mid-hour counts only its part inside the window).
/// </summary>
/// <param name="Hour">Start of the UTC hour.</param>
/// <param name="TotalCalls">Calls started.</param>
/// <param name="CompletedCalls">Of those, ended <c>completed</c> or <c>converted</c>.</param>
/// <param name="EndedCalls">Of those, ended.</param>
/// <param name="AverageDurationSeconds">Mean duration of those ended with a known duration, seconds; null when none.</param>
public sealed record HourlyCalls(DateTime Hour, long TotalCalls, long CompletedCalls, long EndedCalls, double? AverageDurationSeconds);

/// <summary>
/// One agent's calls in the window: the calls started in the window that the agent handled (the agent of
/// <c>call.answered</c>, else the one <c>call.started</c> named).
/// </summary>
/// <param name="AgentId">The agent's id.</param>
/// <param name="Name">The agent's name (<c>agents.name</c>: the newest <c>agent.status_changed</c> that carried one); null until one did.</param>
/// <param name="TotalCalls">Calls started in the window.</param>
/// <param name="CompletedCalls">Of those, ended <c>completed</c> or <c>converted</c>.</param>
/// <param name="AverageDurationSeconds">Mean duration of those ended with a known duration, seconds; null when none.</param>
/// <param name="SuccessRate"><c>completedCalls / endedCalls</c>; null when none ended.</param>
public sealed record AgentPerformance(string AgentId, string? Name, long TotalCalls, long CompletedCalls, double? AverageDurationSeconds, double? SuccessRate);

/// <summary>
/// <c>GET /api/v1/calls/per-hour</c>: one entry per UTC hour overlapping the window, oldest first, hours without calls
/// included as zeros (so <c>hours + 1</c> entries: the first and the last hour are partial).
/// </summary>
/// <remarks>Equality compares the entries element by element (a record compares a list by reference).</remarks>
public sealed record CallsPerHourReport(int Hours, IReadOnlyList<HourlyCalls> CallsPerHour, DateTime ComputedAt)
{
    /// <inheritdoc />
    public bool Equals(CallsPerHourReport? other) =>
        other is not null && Hours == other.Hours && ComputedAt == other.ComputedAt && CallsPerHour.SequenceEqual(other.CallsPerHour);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hours, CallsPerHour.Count, ComputedAt);
}

/// <summary>
/// <c>GET /api/v1/agents/performance</c>: every agent with a call started in the window, most calls first (then by id).
/// </summary>
/// <remarks>Equality compares the agents element by element.</remarks>
public sealed record AgentPerformanceReport(int Hours, IReadOnlyList<AgentPerformance> Agents, DateTime ComputedAt)
{
    /// <inheritdoc />
    public bool Equals(AgentPerformanceReport? other) =>
        other is not null && Hours == other.Hours && ComputedAt == other.ComputedAt && Agents.SequenceEqual(other.Agents);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hours, Agents.Count, ComputedAt);
}

/// <summary>
/// Topic <c>call_stats</c>, type <c>call_stats_update</c> (snapshot, every <c>Jobs:StatsIntervalSeconds</c> when it
/// changed): the default 24 h window's <see cref="CallMetrics"/>, calls per hour and agent performance, all computed at
/// <c>computedAt</c>.
/// </summary>
/// <remarks>Equality compares the lists element by element.</remarks>
public sealed record CallStatsUpdate(
    CallMetrics Metrics,
    IReadOnlyList<HourlyCalls> CallsPerHour,
    IReadOnlyList<AgentPerformance> AgentPerformance,
    DateTime ComputedAt)
{
    /// <inheritdoc />
    public bool Equals(CallStatsUpdate? other) =>
        other is not null && Metrics == other.Metrics && ComputedAt == other.ComputedAt
        && CallsPerHour.SequenceEqual(other.CallsPerHour) && AgentPerformance.SequenceEqual(other.AgentPerformance);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Metrics, CallsPerHour.Count, AgentPerformance.Count, ComputedAt);

    /// <summary>The same values with every <c>computedAt</c> cleared: what "unchanged" compares.</summary>
    public CallStatsUpdate WithoutTime() => new(Metrics with { ComputedAt = default }, CallsPerHour, AgentPerformance, default);
}

/// <summary>One ended call, as <c>GET /api/v1/calls/recent</c> lists it (times UTC; null where no event said).</summary>
/// <param name="CallId">The call's id.</param>
/// <param name="CampaignId">Its campaign, null for a call outside any campaign.</param>
/// <param name="Direction"><c>inbound</c> or <c>outbound</c>.</param>
/// <param name="Queue">The queue it waited in.</param>
/// <param name="AgentId">The agent who handled it.</param>
/// <param name="StartedAt">Earliest <c>call.started</c>.</param>
/// <param name="AnsweredAt">Earliest <c>call.answered</c>.</param>
/// <param name="EndedAt">The first <c>call.ended</c>.</param>
/// <param name="Outcome">Its outcome (DESIGN.md §4).</param>
/// <param name="DurationSeconds">The producer's duration, else end minus start; null when neither is known.</param>
public sealed record RecentCall(
    string CallId,
    string? CampaignId,
    string? Direction,
    string? Queue,
    string? AgentId,
    DateTime? StartedAt,
    DateTime? AnsweredAt,
    DateTime EndedAt,
    string? Outcome,
    double? DurationSeconds);

/// <summary><c>GET /api/v1/calls/recent</c>: at most <c>limit</c> ended calls, newest end first.</summary>
public sealed record RecentCallsReport(IReadOnlyList<RecentCall> Calls, DateTime ComputedAt);

/// <summary>Message types of the call statistics job.</summary>
public static class CallMessageTypes
{
    /// <summary>On <c>call_stats</c>.</summary>
    public const string CallStatsUpdate = "call_stats_update";

    /// <summary>On <c>calls</c>, published by the tick.</summary>
    public const string ActiveCallsUpdate = "active_calls_update";
}

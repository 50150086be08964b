namespace Dashboard.Queues;

/// <summary>
/// Agents by current status (the newest <c>agent.status_changed</c> of each): <c>online</c> is every status but
/// <c>offline</c>, so <c>online = available + onCall + afterCallWork + busy</c>.
/// </summary>
public sealed record AgentCounts(int Online, int Available, int OnCall, int AfterCallWork, int Busy, int Offline);

/// <summary>
/// One inbound queue's metrics since today 00:00 UTC (docs/metrics.md, "Queue metrics"). Counts are calls, attributed to
/// the UTC hour the caller entered the queue; a call is offered once it leaves the queue (answered, or ended unanswered:
/// abandoned), so callers still waiting are in <c>callsWaiting</c> only. Seconds are seconds; ratios are fractions
/// (0..1), null when their denominator is 0.
/// </summary>
/// <param name="Queue">Queue name (as <c>call.queued</c> and <c>agent.status_changed</c> give it).</param>
/// <param name="CallsWaiting">Callers queued now, neither answered nor ended.</param>
/// <param name="LongestWaitSeconds">Now minus the oldest waiting caller's queue entry, to 0.1 s; null when nobody waits.</param>
/// <param name="Offered">Calls that left the queue today: <c>answered + abandoned</c>.</param>
/// <param name="Answered">Offered calls an agent answered.</param>
/// <param name="AnsweredWithinThreshold">Answered calls that waited at most the threshold T in force when they were queued.</param>
/// <param name="Abandoned">Calls that ended without being answered.</param>
/// <param name="Handled">Answered calls that have ended (the denominator of AHT).</param>
/// <param name="ServiceLevel"><c>answeredWithinThreshold / offered</c>; abandons count as missed (Amazon Connect "service level X").</param>
/// <param name="ServiceLevelThresholdSeconds">T of this queue now (<c>QueueMetrics:*</c>).</param>
/// <param name="ServiceLevelTarget">The target fraction of this queue (<c>QueueMetrics:*</c>).</param>
/// <param name="AsaSeconds">Average speed of answer: summed queue waits of answered calls / <c>answered</c> (Genesys tAnswered).</param>
/// <param name="AhtSeconds">Average handle time: (talk + after-call work seconds) / <c>handled</c> (Genesys tHandle, without hold).</param>
/// <param name="AbandonmentRate"><c>abandoned / offered</c>.</param>
/// <param name="Agents">Agents whose <c>queues</c> list this queue, by status.</param>
public sealed record QueueMetrics(
    string Queue,
    int CallsWaiting,
    double? LongestWaitSeconds,
    long Offered,
    long Answered,
    long AnsweredWithinThreshold,
    long Abandoned,
    long Handled,
    double? ServiceLevel,
    int ServiceLevelThresholdSeconds,
    double ServiceLevelTarget,
    double? AsaSeconds,
    double? AhtSeconds,
    double? AbandonmentRate,
    AgentCounts Agents);

/// <summary>
/// The tenant's queues together: counts summed over queues, <c>longestWaitSeconds</c> the largest, ratios recomputed
/// from the summed numerators and denominators (so a busy queue weighs more than a quiet one), and <c>agents</c> the
/// tenant's distinct agents (an agent listed in two queues counts once; one listed in none counts too).
/// </summary>
public sealed record QueueTotals(
    int CallsWaiting,
    double? LongestWaitSeconds,
    long Offered,
    long Answered,
    long AnsweredWithinThreshold,
    long Abandoned,
    long Handled,
    double? ServiceLevel,
    double? AsaSeconds,
    double? AhtSeconds,
    double? AbandonmentRate,
    AgentCounts Agents);

/// <summary>
/// Topic <c>queue</c>, type <c>queue_updated</c> (snapshot), and the body of <c>GET /api/v1/queues</c>: the queues of
/// the tenant by name (one that has calls queued today, callers waiting, or agents listing it) and their totals over
/// every queue. At most <c>Payloads:MaxQueues</c> (default 200) are listed, the busiest; <c>queueCount</c> is the true
/// number and <c>truncated</c> says the list stops short of it. <c>windowStart</c> is today 00:00 UTC; <c>computedAt</c> is UTC.
/// </summary>
/// <remarks>Equality compares the queues element by element (a record compares a list by reference).</remarks>
public sealed record QueueUpdated(IReadOnlyList<QueueMetrics> Queues, QueueTotals Totals, DateTime WindowStart, DateTime ComputedAt)
{
    /// <summary>Every queue of the tenant (the list may stop short of it); defaults to the list's length.</summary>
    public int QueueCount
    {
        get => field < Queues.Count ? Queues.Count : field;
        init;
    }

    /// <summary>True when <see cref="Queues"/> lists fewer than <see cref="QueueCount"/>.</summary>
    public bool Truncated => QueueCount > Queues.Count;

    /// <inheritdoc />
    public bool Equals(QueueUpdated? other) =>
        other is not null && Totals == other.Totals && WindowStart == other.WindowStart && ComputedAt == other.ComputedAt
        && QueueCount == other.QueueCount && Queues.SequenceEqual(other.Queues);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Queues.Count, Totals, WindowStart, ComputedAt);
}

/// <summary>One agent's current state: status since the event time of the <c>agent.status_changed</c> that set it.</summary>
/// <remarks>Equality compares the queues element by element.</remarks>
public sealed record AgentState(string AgentId, string? Name, string Status, DateTime StatusSince, IReadOnlyList<string>? Queues)
{
    /// <inheritdoc />
    public bool Equals(AgentState? other) =>
        other is not null && AgentId == other.AgentId && Name == other.Name && Status == other.Status && StatusSince == other.StatusSince
        && (ReferenceEquals(Queues, other.Queues) || (Queues is not null && other.Queues is not null && Queues.SequenceEqual(other.Queues)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AgentId, Status, StatusSince);
}

/// <summary>
/// Topic <c>agents</c>, type <c>agent_metrics</c> (snapshot): the tenant's agents by status, today's occupancy and at
/// most <c>Payloads:MaxAgents</c> (default 500) agents by id (<c>agentCount</c> is the full number, <c>truncated</c> true when
/// the list stops short of it).
/// </summary>
/// <param name="Online">Agents in any status but <c>offline</c>.</param>
/// <param name="Available">Agents <c>available</c>.</param>
/// <param name="OnCall">Agents <c>on_call</c>.</param>
/// <param name="AfterCallWork">Agents in <c>after_call_work</c>.</param>
/// <param name="Busy">Agents <c>busy</c> (logged in, not routable).</param>
/// <param name="Offline">Agents <c>offline</c>.</param>
/// <param name="Occupancy">
/// Since today 00:00 UTC: (on-call + after-call-work seconds) / (available + on-call + after-call-work seconds), over every
/// agent, the status each is in now counted up to now; busy and offline time excluded (Amazon Connect / Genesys
/// occupancy). Rounded to 4 decimals; null when no agent was available, on a call or in after-call work today.
/// </param>
/// <param name="AgentCount">Every agent of the tenant (the list stops at <c>Payloads:MaxAgents</c>, default 500).</param>
/// <param name="Agents">Agents by id, at most <c>Payloads:MaxAgents</c>; <c>truncated</c> says the list stops short of <c>agentCount</c>.</param>
/// <param name="WindowStart">Today 00:00 UTC: start of the occupancy window.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
/// <remarks>Equality compares the agents element by element.</remarks>
public sealed record AgentMetricsUpdate(
    int Online,
    int Available,
    int OnCall,
    int AfterCallWork,
    int Busy,
    int Offline,
    double? Occupancy,
    int AgentCount,
    IReadOnlyList<AgentState> Agents,
    DateTime WindowStart,
    DateTime ComputedAt)
{
    /// <summary>True when <see cref="Agents"/> lists fewer than <see cref="AgentCount"/>.</summary>
    public bool Truncated => AgentCount > Agents.Count;

    /// <inheritdoc />
    public bool Equals(AgentMetricsUpdate? other) =>
        other is not null && Online == other.Online && Available == other.Available && OnCall == other.OnCall
        && AfterCallWork == other.AfterCallWork && Busy == other.Busy && Offline == other.Offline && Occupancy == other.Occupancy
        && AgentCount == other.AgentCount && WindowStart == other.WindowStart && ComputedAt == other.ComputedAt
        && Agents.SequenceEqual(other.Agents);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Online, Available, OnCall, Occupancy, AgentCount, WindowStart, ComputedAt);
}

/// <summary>Message types of the queue and agent metrics.</summary>
public static class QueueMessageTypes
{
    /// <summary>On <c>queue</c>.</summary>
    public const string QueueUpdated = "queue_updated";

    /// <summary>On <c>agents</c> (beside <c>agent_status_changed</c>, published at ingest).</summary>
    public const string AgentMetrics = "agent_metrics";
}

namespace Dashboard.Queues;

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

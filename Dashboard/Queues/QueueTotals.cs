namespace Dashboard.Queues;

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

namespace Dashboard.Calls;

/// <summary>
/// The call metrics of docs/metrics.md §3 over the window [<c>computedAt</c> − <c>hours</c> h, <c>computedAt</c>] (UTC). A call
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

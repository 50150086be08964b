namespace Dashboard.Jobs;

/// <summary>One recorded run.</summary>
/// <param name="FiredAt">When it fired (UTC).</param>
/// <param name="DurationMs">How long it ran, in milliseconds.</param>
/// <param name="Outcome"><c>succeeded</c>, <c>failed</c>, <c>cancelled</c> or <c>skipped</c>.</param>
/// <param name="Node">The Quartz instance id of the node that ran it.</param>
/// <param name="Manual">Whether it was asked for with Trigger now rather than fired by the schedule.</param>
/// <param name="Error">The error message of a failed run.</param>
public sealed record JobRun(DateTimeOffset FiredAt, double DurationMs, string Outcome, string Node, bool Manual, string? Error);

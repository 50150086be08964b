namespace Dashboard.Jobs;

/// <summary>The answer of <c>GET /api/v1/jobs</c>: every recurring job, read now from Quartz.</summary>
/// <param name="Jobs">Every recurring job, by name.</param>
/// <param name="GeneratedAt">When the answer was read (UTC), which a page counts the next run down from.</param>
public sealed record JobsReport(IReadOnlyList<JobSummary> Jobs, DateTimeOffset GeneratedAt);

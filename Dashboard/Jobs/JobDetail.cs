namespace Dashboard.Jobs;

/// <summary>A job with its history: the answer of <c>GET /api/v1/jobs/{name}</c>.</summary>
/// <param name="Job">The job, as in the list.</param>
/// <param name="Runs">The last runs, newest first (at most <c>Jobs:HistoryRunsPerJob</c>).</param>
/// <param name="Failures">The last failed runs with their error, newest first.</param>
/// <param name="GeneratedAt">When the answer was read (UTC).</param>
public sealed record JobDetail(JobSummary Job, IReadOnlyList<JobRun> Runs, IReadOnlyList<JobRun> Failures, DateTimeOffset GeneratedAt);

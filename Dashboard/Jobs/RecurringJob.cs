using Quartz;

namespace Dashboard.Jobs;

/// <summary>
/// A recurring job as its feature declares it (<see cref="JobsExtensions.AddRecurringJob{TJob}"/>): its name (in Quartz,
/// in <c>/api/v1/jobs</c> and in the <c>job</c> label of <c>dashboard_job_*</c>), the setting of its interval (a
/// <c>Jobs:*</c> key, or the feature's own, e.g. <c>Alerts:EvaluateSeconds</c>), and the description the Jobs page shows.
/// </summary>
/// <param name="Name">The job's name, e.g. <c>campaign_metrics</c>; also its trigger's.</param>
/// <param name="IntervalSeconds">
/// Reads the job's interval, in seconds, from the application's services (its options, validated at start: the setting's
/// validator owns the range). Called when the trigger is built and when the stored trigger is reconciled, never earlier.
/// </param>
/// <param name="Description">One sentence: what a firing does.</param>
internal sealed record RecurringJob(string Name, Func<IServiceProvider, int> IntervalSeconds, string Description)
{
    /// <summary>
    /// The job's class names in earlier builds, as Quartz stored them in <c>qrtz_job_details.job_class_name</c> (the
    /// namespace-qualified name; the assembly part is ignored). Stored job details are never rewritten (a starting node
    /// ignores duplicates, docs/jobs.md), so a job class that moves or is renamed keeps its old name here for as long as a
    /// database written by a build that used it may exist; Quartz's type loader maps each to the job's class.
    /// </summary>
    public IReadOnlyList<string> FormerTypeNames { get; init; } = [];

    /// <summary>The Quartz group of every recurring job. Stored triggers are keyed by it, so it never changes.</summary>
    public const string Group = "metrics";

    /// <summary>The job's key in Quartz (also its trigger's).</summary>
    public JobKey Key { get; } = new(Name, Group);
}

using Microsoft.Extensions.Options;

namespace Dashboard.Metrics;

/// <summary>Recurring-job settings (configuration section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Jobs";

    /// <summary>
    /// Quartz scheduler name (<c>Jobs:SchedulerName</c>, default <c>Dashboard</c>). Every node of one cluster uses the same
    /// name; it must be unique within a process, because Quartz's scheduler registry is process-wide (the test host sets
    /// one per app). At most 120 characters (the <c>sched_name</c> column of Quartz's tables).
    /// </summary>
    public string SchedulerName { get; set; } = "Dashboard";

    /// <summary>Interval of the campaign metrics job, in seconds (<c>Jobs:FastIntervalSeconds</c>, 1..3600, default 1).</summary>
    public int FastIntervalSeconds { get; set; } = 1;

    /// <summary>Interval of the system health job, in seconds (<c>Jobs:SystemIntervalSeconds</c>, 1..3600, default 5).</summary>
    public int SystemIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Interval of the call statistics job (windowed call metrics, calls per hour, agent performance), in seconds
    /// (<c>Jobs:StatsIntervalSeconds</c>, 1..3600, default 10).
    /// </summary>
    public int StatsIntervalSeconds { get; set; } = 10;

    /// <summary>Interval of the roll-up job, in seconds (<c>Jobs:RollupIntervalSeconds</c>, 1..86400, default 300).</summary>
    public int RollupIntervalSeconds { get; set; } = 300;

    /// <summary>Interval of the retention job, in seconds (<c>Jobs:RetentionIntervalSeconds</c>, 1..86400, default 3600).</summary>
    public int RetentionIntervalSeconds { get; set; } = 3600;

    /// <summary>
    /// Runs kept per job in Quartz's execution history, failures not counted (<c>Jobs:HistoryRunsPerJob</c>, 10..10000,
    /// default 100): the duration history the Jobs page and <c>/api/v1/jobs/{name}</c> show.
    /// </summary>
    public int HistoryRunsPerJob { get; set; } = 100;
}

/// <summary>Validates <see cref="JobsOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SchedulerName) || options.SchedulerName.Length > 120)
        {
            failures.Add("Jobs:SchedulerName must be a non-empty name of at most 120 characters.");
        }

        if (options.FastIntervalSeconds is < 1 or > 3600)
        {
            failures.Add("Jobs:FastIntervalSeconds must be between 1 and 3600.");
        }

        if (options.SystemIntervalSeconds is < 1 or > 3600)
        {
            failures.Add("Jobs:SystemIntervalSeconds must be between 1 and 3600.");
        }

        if (options.StatsIntervalSeconds is < 1 or > 3600)
        {
            failures.Add("Jobs:StatsIntervalSeconds must be between 1 and 3600.");
        }

        if (options.RollupIntervalSeconds is < 1 or > 86400)
        {
            failures.Add("Jobs:RollupIntervalSeconds must be between 1 and 86400.");
        }

        if (options.RetentionIntervalSeconds is < 1 or > 86400)
        {
            failures.Add("Jobs:RetentionIntervalSeconds must be between 1 and 86400.");
        }

        if (options.HistoryRunsPerJob is < 10 or > 10000)
        {
            failures.Add("Jobs:HistoryRunsPerJob must be between 10 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

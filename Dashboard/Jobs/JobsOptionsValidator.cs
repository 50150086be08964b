using Microsoft.Extensions.Options;

namespace Dashboard.Jobs;

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

        if (options.ClusterCheckinIntervalMilliseconds is < 200 or > 60000)
        {
            failures.Add("Jobs:ClusterCheckinIntervalMilliseconds must be between 200 and 60000.");
        }

        if (options.ClusterCheckinMisfireThresholdMilliseconds is < 500 or > 600000)
        {
            failures.Add("Jobs:ClusterCheckinMisfireThresholdMilliseconds must be between 500 and 600000.");
        }

        if (options.MisfireThresholdMilliseconds is < 50 or > 60000)
        {
            failures.Add("Jobs:MisfireThresholdMilliseconds must be between 50 and 60000.");
        }
        else if (options.FastIntervalSeconds is >= 1 and <= 3600 && options.MisfireThresholdMilliseconds * 2L > options.FastIntervalSeconds * 1000L)
        {
            // A late firing inside the threshold still runs, and the next one is due one interval after the scheduled
            // time: past half the interval two firings of the tick could come back to back (docs/jobs.md).
            failures.Add("Jobs:MisfireThresholdMilliseconds must be at most half of Jobs:FastIntervalSeconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

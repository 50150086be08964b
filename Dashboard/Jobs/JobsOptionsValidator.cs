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

        InRange(options.FastIntervalSeconds, 1, 3600, nameof(options.FastIntervalSeconds));
        InRange(options.SystemIntervalSeconds, 1, 3600, nameof(options.SystemIntervalSeconds));
        InRange(options.StatsIntervalSeconds, 1, 3600, nameof(options.StatsIntervalSeconds));
        InRange(options.RollupIntervalSeconds, 1, 86400, nameof(options.RollupIntervalSeconds));
        InRange(options.RetentionIntervalSeconds, 1, 86400, nameof(options.RetentionIntervalSeconds));
        InRange(options.HistoryRunsPerJob, 10, 10000, nameof(options.HistoryRunsPerJob));
        InRange(options.ClusterCheckinIntervalMilliseconds, 200, 60000, nameof(options.ClusterCheckinIntervalMilliseconds));
        InRange(options.ClusterCheckinMisfireThresholdMilliseconds, 500, 600000, nameof(options.ClusterCheckinMisfireThresholdMilliseconds));
        if (InRange(options.MisfireThresholdMilliseconds, 50, 60000, nameof(options.MisfireThresholdMilliseconds))
            && options.FastIntervalSeconds is >= 1 and <= 3600 && options.MisfireThresholdMilliseconds * 2L > options.FastIntervalSeconds * 1000L)
        {
            // A late firing inside the threshold still runs, and the next one is due one interval after the scheduled
            // time: past half the interval two firings of the tick could come back to back (docs/jobs.md).
            failures.Add("Jobs:MisfireThresholdMilliseconds must be at most half of Jobs:FastIntervalSeconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        // Adds "Jobs:{key} must be between {min} and {max}." when value is outside; true when inside.
        bool InRange(long value, long min, long max, string key)
        {
            if (value >= min && value <= max)
            {
                return true;
            }

            failures.Add($"{JobsOptions.SectionName}:{key} must be between {min} and {max}.");
            return false;
        }
    }
}

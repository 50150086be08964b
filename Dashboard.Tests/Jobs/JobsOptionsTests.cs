using Dashboard.Jobs;


namespace Dashboard.Tests.Jobs;

public sealed class JobsOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new JobsOptions();
        Assert.Equal(("Dashboard", 1, 5), (options.SchedulerName, options.FastIntervalSeconds, options.SystemIntervalSeconds));
        Assert.True(new JobsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Invalid_settings_are_reported_by_their_configuration_keys()
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions { SchedulerName = " ", FastIntervalSeconds = 0, SystemIntervalSeconds = 3601 });

        Assert.True(result.Failed);
        Assert.Contains("Jobs:SchedulerName", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Jobs:FastIntervalSeconds must be between 1 and 3600", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Jobs:SystemIntervalSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stats_interval_defaults_to_10_seconds_and_is_reported_by_its_key_outside_1_to_3600()
    {
        Assert.Equal(10, new JobsOptions().StatsIntervalSeconds);
        foreach (var bad in new[] { 0, 3601 })
        {
            var result = new JobsOptionsValidator().Validate(null, new JobsOptions { StatsIntervalSeconds = bad });
            Assert.Equal("Jobs:StatsIntervalSeconds must be between 1 and 3600.", result.FailureMessage);
        }

        Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions { StatsIntervalSeconds = 3600 }).Succeeded);
    }

    [Fact]
    public void The_history_length_defaults_to_100_runs_per_job_and_is_reported_by_its_key_outside_10_to_10000()
    {
        Assert.Equal(100, new JobsOptions().HistoryRunsPerJob);
        foreach (var bad in new[] { 9, 10001 })
        {
            var result = new JobsOptionsValidator().Validate(null, new JobsOptions { HistoryRunsPerJob = bad });
            Assert.Equal("Jobs:HistoryRunsPerJob must be between 10 and 10000.", result.FailureMessage);
        }
    }
}

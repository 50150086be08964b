using Dashboard.Jobs;
using Dashboard.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Retention;

public sealed class RetentionOptionsTests
{
    [Fact]
    public void Defaults_keep_30_days_of_history_and_400_days_of_roll_ups_and_run_every_5_minutes_and_hourly()
    {
        var options = new RetentionOptions();
        var jobs = new JobsOptions();
        Assert.Equal((30, 400), (options.Days, options.RollupDays));
        Assert.Equal((300, 3600), (jobs.RollupIntervalSeconds, jobs.RetentionIntervalSeconds));
        Assert.True(new RetentionOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(new JobsOptionsValidator().Validate(null, jobs).Succeeded);
    }

    [Theory]
    [InlineData(0, 400, "Retention:Days must be between 1 and 3650")]
    [InlineData(3651, 4000, "Retention:Days must be between 1 and 3650")]
    [InlineData(30, 0, "Retention:RollupDays must be between 8 and 3650")]
    [InlineData(3, 7, "Retention:RollupDays must be between 8 and 3650")]
    [InlineData(30, 3651, "Retention:RollupDays must be between 8 and 3650")]
    [InlineData(60, 59, "Retention:RollupDays (59) must be at least Retention:Days (60)")]
    public void Invalid_retention_settings_are_reported_by_their_configuration_keys(int days, int rollupDays, string message)
    {
        var result = new RetentionOptionsValidator().Validate(null, new RetentionOptions { Days = days, RollupDays = rollupDays });
        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(3650, 3650)]
    [InlineData(7, 365)]
    public void Boundary_retention_settings_are_accepted(int days, int rollupDays) =>
        Assert.True(new RetentionOptionsValidator().Validate(null, new RetentionOptions { Days = days, RollupDays = rollupDays }).Succeeded);

    [Fact]
    public void Invalid_job_intervals_are_reported_by_their_configuration_keys()
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions { RollupIntervalSeconds = 0, RetentionIntervalSeconds = 86401 });
        Assert.Contains("Jobs:RollupIntervalSeconds must be between 1 and 86400", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Jobs:RetentionIntervalSeconds must be between 1 and 86400", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions { RollupIntervalSeconds = 86400, RetentionIntervalSeconds = 1 }).Succeeded);
    }

    [Fact]
    public void Configuration_binds_the_Retention_section_and_a_bad_value_fails_naming_the_key()
    {
        static IOptions<RetentionOptions> Bind(Dictionary<string, string?> settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddRetentionServices()
                .BuildServiceProvider().GetRequiredService<IOptions<RetentionOptions>>();
        }

        var bound = Bind(new() { ["Retention:Days"] = "7", ["Retention:RollupDays"] = "90" }).Value;
        Assert.Equal((7, 90), (bound.Days, bound.RollupDays));

        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Retention:Days"] = "500" }).Value);
        Assert.Contains("Retention:RollupDays (400) must be at least Retention:Days (500)", error.Message, StringComparison.Ordinal);
    }
}

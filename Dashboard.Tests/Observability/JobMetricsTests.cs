using Dashboard.Tests.Infrastructure;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Observability;

/// <summary>Job families on a real server whose Quartz scheduler runs the recurring jobs (the campaign tick every second).</summary>
public sealed class JobMetricsTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Job_runs_durations_and_the_lag_between_scheduled_and_actual_fire_time_are_exported_by_job()
    {
        using var http = server.Http();
        var tick = new[] { ("job", "campaign_metrics") };
        var families = await UntilAsync(http, f =>
            Value(f, "dashboard_job_runs_total", ("job", "campaign_metrics"), ("result", "success")) >= 2
            && Value(f, "dashboard_job_lag_seconds_count", tick) >= 2);

        Assert.Equal("counter", Family(families, "dashboard_job_runs_total").Type);
        Assert.True(Value(families, "dashboard_job_runs_total", ("job", "campaign_metrics"), ("result", "success")) >= 2);

        var lag = Family(families, "dashboard_job_lag_seconds");
        Assert.Equal("histogram", lag.Type);
        Assert.False(string.IsNullOrEmpty(lag.Help));
        var fired = Value(families, "dashboard_job_lag_seconds_count", tick);
        Assert.True(fired >= 2);
        // Seconds buckets (1 ms … 32.768 s); a healthy scheduler fires well within the largest.
        Assert.Equal(fired, Value(families, "dashboard_job_lag_seconds_bucket", ("job", "campaign_metrics"), ("le", "32.768")));
        Assert.True(Value(families, "dashboard_job_lag_seconds_sum", tick) >= 0);

        Assert.Equal("histogram", Family(families, "dashboard_job_duration_seconds").Type);
        Assert.True(Value(families, "dashboard_job_duration_seconds_count", tick) >= 2);
    }
}

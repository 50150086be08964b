using Dashboard.Jobs;

namespace Dashboard.SystemHealth;

/// <summary>Registers the system health sampler and its job (<c>system_health</c>, topic <c>system</c>).</summary>
public static class SystemHealthExtensions
{
    /// <summary>The system health job, every <c>Jobs:SystemIntervalSeconds</c>.</summary>
    internal static readonly RecurringJob Job = new(
        "system_health", o => o.SystemIntervalSeconds, "Samples the node's health (CPU, memory, connections) and publishes it on the system topic.");

    /// <summary>Adds the sampler and declares the job. Call before <c>AddJobs</c>.</summary>
    public static WebApplicationBuilder AddSystemHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SystemHealthSampler>();
        builder.AddRecurringJob<SystemHealthJob>(Job);
        return builder;
    }
}

using Dashboard.Jobs;
using Microsoft.Extensions.Options;

namespace Dashboard.SystemHealth;

/// <summary>Registers the system health sampler and its job (<c>system_health</c>, topic <c>system</c>).</summary>
public static class SystemHealthExtensions
{
    /// <summary>Adds the sampler and declares the job. Call before <c>AddJobs</c>.</summary>
    public static WebApplicationBuilder AddSystemHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SystemHealthSampler>();
        return builder.AddRecurringJob<SystemHealthJob>(
            new("system_health", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.SystemIntervalSeconds, "Samples the node's health (CPU, memory, connections) and publishes it on the system topic.")
            {
                FormerTypeNames = ["Dashboard.Metrics.SystemHealthJob"],
            });
    }
}

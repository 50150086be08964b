using Dashboard.Jobs;
using Microsoft.Extensions.Options;

namespace Dashboard.Rollups;

/// <summary>Registers the daily roll-up and its job (<c>rollup</c>); the hourly roll-ups are written by the fold.</summary>
public static class RollupsExtensions
{
    /// <summary>Adds <see cref="DailyRollup"/> and declares the job. Call before <c>AddJobs</c>.</summary>
    public static WebApplicationBuilder AddRollups(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DailyRollup>();
        return builder.AddRecurringJob<RollupJob>(
            new("rollup", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.RollupIntervalSeconds, "Rolls ended calls up into hourly and daily totals kept past retention.")
            {
                FormerTypeNames = ["Dashboard.Metrics.Rollups.RollupJob"],
            });
    }
}

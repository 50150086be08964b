using Dashboard.Jobs;
using Microsoft.Extensions.Options;

namespace Dashboard.Tick;

/// <summary>Registers the tick: the job that folds new events and publishes every domain's live snapshots (docs/architecture.md).</summary>
public static class TickExtensions
{
    /// <summary>Adds the tick runner and declares the tick job. Call before <c>AddJobs</c>.</summary>
    public static WebApplicationBuilder AddTick(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TickTenants>();
        builder.Services.AddSingleton<TickRunner>();
        // The name predates the other domains and stays: stored triggers, the run history and the job label are keyed by it.
        return builder.AddRecurringJob<TickJob>(
            new("campaign_metrics", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.FastIntervalSeconds, "Folds new events and publishes campaign metrics, active calls, queue and chat metrics (the tick).")
            {
                FormerTypeNames = ["Dashboard.Metrics.CampaignMetricsJob"],
            });
    }
}

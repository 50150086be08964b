using Dashboard.Jobs;

namespace Dashboard.Tick;

/// <summary>Registers the tick: the job that folds new events and publishes every domain's live snapshots (docs/architecture.md).</summary>
public static class TickExtensions
{
    /// <summary>The tick, every <c>Jobs:FastIntervalSeconds</c>. Its name predates the other domains and is kept: it keys stored triggers and history.</summary>
    internal static readonly RecurringJob Job = new(
        "campaign_metrics", o => o.FastIntervalSeconds, "Folds new events and publishes campaign metrics, active calls and queue metrics (the tick).");

    /// <summary>Adds the tick runner and declares the tick job. Call before <c>AddJobs</c>.</summary>
    public static WebApplicationBuilder AddTick(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TickTenants>();
        builder.Services.AddSingleton<TickRunner>();
        builder.AddRecurringJob<TickJob>(Job);
        return builder;
    }
}

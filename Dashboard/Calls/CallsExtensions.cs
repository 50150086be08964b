using Dashboard.Api;
using Dashboard.Jobs;
using Microsoft.Extensions.Options;

namespace Dashboard.Calls;

/// <summary>
/// Registers and maps the calls feature: the windowed call statistics and their job (<c>call_stats</c>), active and recent
/// calls, and the <c>/api/v1/calls/*</c> and <c>/api/v1/agents/performance</c> reports.
/// </summary>
public static class CallsExtensions
{
    /// <summary>Adds the call statistics services and declares their job. Call before <c>AddJobs</c>.</summary>
    public static WebApplicationBuilder AddCalls(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallWindowReader>();
        builder.Services.AddSingleton<CallWindowCalculator>();
        builder.Services.AddSingleton<CallStatsPublisher>();
        builder.Services.AddSingleton<CallStatsRunner>();
        builder.Services.AddSingleton<ActiveCallsReader>();
        builder.Services.AddSingleton<RecentCallsReader>();
        return builder.AddRecurringJob<CallStatsJob>(
            new("call_stats", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.StatsIntervalSeconds, "Computes windowed call metrics, calls per hour and agent performance.")
            {
                FormerTypeNames = ["Dashboard.Metrics.Calls.CallStatsJob"],
            });
    }

    /// <summary>Maps the call reports (docs/api.md): metrics, active, recent, per hour, per day and agent performance.</summary>
    public static WebApplication MapCalls(this WebApplication app)
    {
        CallEndpoints.Map(app.MapReportGroup());
        CallsPerDayEndpoint.Map(app);
        return app;
    }
}

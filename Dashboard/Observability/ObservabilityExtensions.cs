using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Dashboard.Observability;

/// <summary>Registers instruments, the HTTP metrics middleware, <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.</summary>
public static class ObservabilityExtensions
{
    /// <summary>The health-check tag <c>/readyz</c> runs; tag your readiness checks with it.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds <see cref="DashboardMetrics"/>, the HTTP and process instruments, the OpenTelemetry meter provider (a singleton
    /// disposed with the host) feeding the Prometheus pull exporter, the <c>Metrics</c> access options (token, management
    /// port) and the <c>database</c> readiness check; every readiness check (also those added later) is bounded to
    /// <see cref="ReadinessDeadline.Timeout"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Metrics:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardMetrics>();
        builder.Services.AddSingleton<HttpMetrics>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<ResilienceMetrics>();
        builder.Services.AddSingleton<BusinessMetrics>();
        builder.Services.AddOptions<BusinessMetricsOptions>().BindConfiguration(BusinessMetricsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BusinessMetricsOptions>, BusinessMetricsOptionsValidator>();
        builder.Services.AddSingleton<ProcessMetrics>();

        // Registered as an instance so the container does not dispose it: the meter provider's reader owns it.
        builder.Services.AddSingleton(new PrometheusPullExporter());
        builder.Services.AddSingleton(sp =>
        {
            // Resolved first so their observable instruments exist before the first scrape.
            _ = sp.GetRequiredService<DashboardMetrics>();
            _ = sp.GetRequiredService<HttpMetrics>();
            _ = sp.GetRequiredService<IngestionMetrics>();
            _ = sp.GetRequiredService<ResilienceMetrics>();
            _ = sp.GetRequiredService<BusinessMetrics>();
            _ = sp.GetRequiredService<ProcessMetrics>();
            return DashboardMeterProvider.Build(
                sp.GetRequiredService<PrometheusPullExporter>(),
                DashboardMetrics.MeterName,
                sp.GetRequiredService<IMeterFactory>(),
                libraryMeters: true);
        });

        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        MetricsPort.Add(builder);

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [ReadyTag]);
        builder.Services.AddSingleton<IPostConfigureOptions<HealthCheckServiceOptions>, ReadinessDeadline>();
        return builder;
    }

    /// <summary>
    /// Adds the HTTP request metrics middleware (prometheus-net compatible names). Call it first: it measures everything
    /// after it. Also starts the meter provider, since measurements made before it listens are lost.
    /// </summary>
    public static WebApplication UseHttpMetrics(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<MeterProvider>();
        app.UseMiddleware<HttpMetricsMiddleware>();
        return app;
    }

    /// <summary>
    /// Maps, anonymously: <c>GET /metrics</c> (Prometheus text format 0.0.4, or OpenMetrics 1.0 by <c>Accept</c>; behind
    /// <c>Metrics:RequireToken</c> and <c>Metrics:Port</c> when set; 503 problem when collection fails),
    /// <c>/healthz</c> (liveness: 200 <c>Healthy</c> while the process serves, no checks) and <c>/readyz</c>
    /// (checks tagged <see cref="ReadyTag"/>, each bounded to 0.5 s: 200 <c>Healthy</c> or <c>Degraded</c>, else 503
    /// <c>Unhealthy</c>, within 1 s also while the database is down, docs/outage.md; each check that is not healthy adds a
    /// line with its reason, see <see cref="ReadinessText"/>).
    /// </summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<MeterProvider>();
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

using Microsoft.Extensions.Options;

namespace Dashboard.Kpis;

/// <summary>
/// Registers and maps the custom KPIs' metrics (docs/metrics.md §8): the <c>Kpis</c> options, the calculator and publisher
/// the tick runs, the history reader, the series registry ingestion enforces <c>Kpis:MaxSeriesPerTenant</c> with, and
/// <c>/api/v1/kpis</c>. The series themselves are written by the event fold.
/// </summary>
public static class KpisExtensions
{
    /// <summary>Adds the <c>Kpis</c> options (validated at start-up), the calculator, publisher, history reader and series registry.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when a <c>Kpis:*</c> setting is invalid (message names the key).</exception>
    public static WebApplicationBuilder AddKpis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KpisOptions>().BindConfiguration(KpisOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KpisOptions>, KpisOptionsValidator>();
        builder.Services.AddSingleton<KpiMetricsCalculator>();
        builder.Services.AddSingleton<KpiMetricsPublisher>();
        builder.Services.AddSingleton<KpiHistoryReader>();
        builder.Services.AddSingleton<KpiSeriesRegistry>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/kpis</c> and <c>/api/v1/kpis/{name}</c> (docs/api.md).</summary>
    public static WebApplication MapKpis(this WebApplication app)
    {
        KpiEndpoints.Map(app);
        return app;
    }
}

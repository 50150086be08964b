using Microsoft.Extensions.Options;

namespace Dashboard.Kpis;

/// <summary>
/// Registers the custom KPIs (docs/events.md §5): <see cref="KpisOptions"/> (validated at start-up) and the series
/// registry ingestion checks <c>Kpis:MaxSeriesPerTenant</c> with. The series themselves are written by the event fold.
/// </summary>
public static class KpisExtensions
{
    /// <summary>Adds the <c>Kpis</c> options and <see cref="KpiSeriesRegistry"/>.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Kpis:*</c> settings are invalid (the message names the key).</exception>
    public static WebApplicationBuilder AddKpis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KpisOptions>().BindConfiguration(KpisOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KpisOptions>, KpisOptionsValidator>();
        builder.Services.AddSingleton<KpiSeriesRegistry>();
        return builder;
    }
}

using Dashboard.Observability;
using Microsoft.Extensions.Options;

namespace Dashboard.BusinessSeries;

/// <summary>Registers the business gauges exported on <c>/metrics</c> (docs/observability.md).</summary>
public static class BusinessSeriesExtensions
{
    /// <summary>Adds <see cref="BusinessMetrics"/> as an <see cref="IScrapeSource"/> and its <c>Metrics:MaxBusinessSeries</c> option (validated at start-up).</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Metrics:MaxBusinessSeries</c> is out of range (message names the key).</exception>
    public static WebApplicationBuilder AddBusinessSeries(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BusinessMetrics>();
        builder.Services.AddSingleton<IScrapeSource>(sp => sp.GetRequiredService<BusinessMetrics>());
        builder.Services.AddOptions<BusinessMetricsOptions>().BindConfiguration(BusinessMetricsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BusinessMetricsOptions>, BusinessMetricsOptionsValidator>();
        return builder;
    }
}

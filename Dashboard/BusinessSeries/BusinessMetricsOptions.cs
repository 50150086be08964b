using Microsoft.Extensions.Options;

namespace Dashboard.BusinessSeries;

/// <summary>The business gauges' series cap (configuration section <c>Metrics</c>).</summary>
public sealed class BusinessMetricsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Metrics";

    /// <summary>Largest accepted <see cref="MaxBusinessSeries"/>.</summary>
    public const int MaxBusinessSeriesLimit = 1_000_000;

    /// <summary>
    /// Most business gauge series (<c>dashboard_tenant_*</c>, <c>dashboard_agents</c>, <c>dashboard_queue_*</c>,
    /// <c>dashboard_campaign_*</c>, <c>dashboard_kpi</c>) one scrape exports (<c>Metrics:MaxBusinessSeries</c>, 0..1000000, default 10000;
    /// 0 turns them off). Series beyond it are left out, custom KPIs first, then campaigns, and counted in
    /// <c>dashboard_metrics_series_dropped_total</c>.
    /// </summary>
    public int MaxBusinessSeries { get; set; } = 10_000;
}

/// <summary>Validates <see cref="BusinessMetricsOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class BusinessMetricsOptionsValidator : IValidateOptions<BusinessMetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, BusinessMetricsOptions options) =>
        options.MaxBusinessSeries is < 0 or > BusinessMetricsOptions.MaxBusinessSeriesLimit
            ? ValidateOptionsResult.Fail(
                $"Metrics:MaxBusinessSeries must be between 0 and {BusinessMetricsOptions.MaxBusinessSeriesLimit} (was {options.MaxBusinessSeries}).")
            : ValidateOptionsResult.Success;
}

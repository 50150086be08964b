namespace Dashboard.Kpis;

/// <summary>
/// Configuration section <c>Kpis</c>: the custom KPI series of <c>metric.reported</c> (docs/events.md §5, docs/limits.md).
/// </summary>
public sealed class KpisOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Kpis";

    /// <summary>
    /// The most series one tenant may have (<c>Kpis:MaxSeriesPerTenant</c>, 1–100,000, default 1,000). A request whose
    /// reports would add one more is refused whole with a 400 naming the limit and the series; nothing is dropped silently.
    /// </summary>
    public int MaxSeriesPerTenant { get; set; } = 1000;

    /// <summary>
    /// Seconds without a report after which a series is shown as <c>stale</c> (<c>Kpis:StaleAfterSeconds</c>,
    /// 10–604,800, default 300): the "producer stopped reporting" signal.
    /// </summary>
    public int StaleAfterSeconds { get; set; } = 300;

    /// <summary>
    /// The unit shown for a series by metric name (<c>Kpis:Units:{name}</c>, e.g. <c>Kpis:Units:leads = leads</c>) when
    /// its reports carry no <c>unit</c> label. Names are Prometheus metric names; units are 1–64 characters without
    /// control characters.
    /// </summary>
    public Dictionary<string, string> Units { get; set; } = new(StringComparer.Ordinal);
}

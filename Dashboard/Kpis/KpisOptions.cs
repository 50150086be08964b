namespace Dashboard.Kpis;

/// <summary>
/// Configuration section <c>Kpis</c>: the custom KPI series reported by <c>metric.reported</c> (docs/metrics.md §8,
/// docs/limits.md).
/// </summary>
public sealed class KpisOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Kpis";

    /// <summary>Largest accepted <see cref="MaxSeriesPerTenant"/>.</summary>
    public const int MaxSeriesPerTenantLimit = 100_000;

    /// <summary>Smallest accepted <see cref="StaleAfterSeconds"/>.</summary>
    public const int MinStaleAfterSeconds = 10;

    /// <summary>Largest accepted <see cref="StaleAfterSeconds"/> (7 days).</summary>
    public const int MaxStaleAfterSeconds = 604_800;

    /// <summary>Longest accepted unit text in <see cref="Units"/>, in characters.</summary>
    public const int MaxUnitLength = 64;

    /// <summary>
    /// Most series (distinct name and label set) one tenant may have (<c>Kpis:MaxSeriesPerTenant</c>, 1..100000, default
    /// 1000): a request that would add one more is refused with 400 naming the limit and the series.
    /// </summary>
    public int MaxSeriesPerTenant { get; set; } = 1000;

    /// <summary>
    /// Seconds without a report (by arrival time) after which a series is marked <c>stale</c>
    /// (<c>Kpis:StaleAfterSeconds</c>, 10..604800, default 300).
    /// </summary>
    public int StaleAfterSeconds { get; set; } = 300;

    /// <summary>
    /// The unit shown for a series name whose reports carry no <c>unit</c> label (<c>Kpis:Units:{name}</c>, e.g.
    /// <c>Kpis:Units:leads = leads</c>); the name must be a KPI name, the unit 1..64 characters.
    /// </summary>
    public Dictionary<string, string> Units { get; set; } = new(StringComparer.Ordinal);
}

namespace Dashboard.Kpis;

/// <summary>The series one <c>metric.reported</c> of an ingestion request reports to (docs/events.md §5).</summary>
/// <param name="Index">The event's position in the request (errors name it).</param>
/// <param name="Name">The metric name.</param>
/// <param name="Labels">Label names to values (empty: none).</param>
/// <param name="Kind"><see cref="KpiKinds.Gauge"/> or <see cref="KpiKinds.Counter"/>.</param>
internal sealed record KpiSeriesReport(int Index, string Name, IReadOnlyDictionary<string, string> Labels, string Kind)
{
    /// <summary>The canonical series key (<see cref="KpiSeriesKey"/>).</summary>
    public string Key { get; } = KpiSeriesKey.Of(Name, Labels);
}

/// <summary>Why a report of the request at <paramref name="Index"/> is refused.</summary>
/// <param name="Index">The event's position in the request.</param>
/// <param name="Field">The member at fault: <c>data</c> (the series) or <c>data.kind</c>.</param>
/// <param name="Reason">The rule, naming the series and the limit or kind.</param>
internal sealed record KpiSeriesRefusal(int Index, string Field, string Reason);

/// <summary>The two kinds of a KPI series.</summary>
internal static class KpiKinds
{
    /// <summary>The newest value by event time is the series' value.</summary>
    public const string Gauge = "gauge";

    /// <summary>Each report is a delta added to the series' total.</summary>
    public const string Counter = "counter";

    /// <summary>Both, in the order errors list them.</summary>
    public static readonly IReadOnlyList<string> All = [Gauge, Counter];
}

namespace Dashboard.Kpis;

/// <summary>One <c>kpi_series</c> row with a folded report, as the calculator reads it.</summary>
/// <param name="Key">series_key.</param>
/// <param name="Name">The metric name.</param>
/// <param name="Labels">The labels, by name (ordinal).</param>
/// <param name="Kind"><c>gauge</c> or <c>counter</c>.</param>
/// <param name="Value">Gauge: newest value; counter: sum of deltas.</param>
/// <param name="ValueTime">The event time of the value (counter: of the newest report).</param>
/// <param name="LastReceivedAt">Arrival of the newest report.</param>
internal sealed record KpiSeriesRow(
    string Key, string Name, SortedDictionary<string, string> Labels, string Kind, double Value, DateTime ValueTime, DateTime LastReceivedAt);

/// <summary>One <c>kpi_minutely</c> row: a series' reports in one UTC minute (event time).</summary>
/// <param name="Minute">Start of the UTC minute.</param>
/// <param name="LastValue">The newest report's value in the minute (gauges' point).</param>
/// <param name="DeltaSum">The sum of the minute's reports (counters' point and rate).</param>
internal readonly record struct KpiMinuteRow(DateTime Minute, double LastValue, double DeltaSum);

/// <summary>What the calculator read for one tenant.</summary>
/// <param name="Count">Series with a folded report (the true count).</param>
/// <param name="Series">The first <c>Payloads:MaxKpiSeries</c> of them by key.</param>
/// <param name="Minutes">Per series key: its minutes in the last 60, oldest first.</param>
internal sealed record KpiTenantRows(int Count, IReadOnlyList<KpiSeriesRow> Series, IReadOnlyDictionary<string, List<KpiMinuteRow>> Minutes)
{
    /// <summary>A tenant without series.</summary>
    public static KpiTenantRows Empty { get; } = new(0, [], new Dictionary<string, List<KpiMinuteRow>>());
}

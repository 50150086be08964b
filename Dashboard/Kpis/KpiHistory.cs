namespace Dashboard.Kpis;

/// <summary>
/// The body of <c>GET /api/v1/kpis/{name}</c>: one series' history from the roll-ups (docs/api.md, docs/metrics.md §8).
/// Only buckets with reports have a point.
/// </summary>
/// <param name="Name">The metric name.</param>
/// <param name="Labels">The series' labels, by name (ordinal).</param>
/// <param name="Key">The series key (<c>name{a="x",…}</c>).</param>
/// <param name="Kind"><c>gauge</c> or <c>counter</c>.</param>
/// <param name="Unit">The <c>unit</c> label, else <c>Kpis:Units:{name}</c>, else null.</param>
/// <param name="TimeZone">The tenant's business time zone: hourly points are its local hours.</param>
/// <param name="Resolution"><c>minute</c> (hours ≤ 24, from <c>kpi_minutely</c>) or <c>hour</c> (from <c>kpi_hourly</c>, local hours).</param>
/// <param name="From">Start of the first bucket of the window (UTC).</param>
/// <param name="To">End of the window (UTC, exclusive): the end of the current minute or local hour.</param>
/// <param name="Points">The buckets with reports, oldest first.</param>
public sealed record KpiHistory(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Key,
    string Kind,
    string? Unit,
    string TimeZone,
    string Resolution,
    DateTime From,
    DateTime To,
    IReadOnlyList<KpiHistoryPoint> Points);

/// <summary>One bucket of a series' history.</summary>
/// <param name="Time">Start of the UTC minute, or of the tenant's local hour (a UTC instant: :30 in +05:30).</param>
/// <param name="Value">Gauge: the newest report in the bucket (event time); counter: the sum of the bucket's reports.</param>
/// <param name="Reports">Reports folded into the bucket.</param>
public sealed record KpiHistoryPoint(DateTime Time, double Value, long Reports);

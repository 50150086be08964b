using Dashboard.Calendar;

namespace Dashboard.Kpis;

/// <summary>The arithmetic of <see cref="KpisUpdate"/> from what <see cref="KpiMetricsCalculator"/> read (docs/metrics.md §8).</summary>
internal static class KpiMetricsBuilder
{
    /// <summary>Points of history: the minutes of the last hour, the current one included.</summary>
    public const int HistoryMinutes = 60;

    /// <summary>The complete minutes before the current one whose reports make a counter's <c>ratePerMinute</c>.</summary>
    public const int RateMinutes = 5;

    /// <summary>The <c>gauge</c> kind.</summary>
    public const string Gauge = "gauge";

    /// <summary>The <c>counter</c> kind.</summary>
    public const string Counter = "counter";

    /// <summary>The label whose value is a series' unit, before <c>Kpis:Units</c>.</summary>
    public const string UnitLabel = "unit";

    /// <summary>Start of the UTC minute containing <paramref name="utc"/>.</summary>
    public static DateTime MinuteOf(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    /// <summary>
    /// The payload of <paramref name="tenant"/> at <paramref name="now"/> (UTC) from <paramref name="rows"/>: each series'
    /// value, counter total and rate, unit, staleness and history.
    /// </summary>
    public static TenantKpiMetrics Build(string tenant, BusinessCalendar calendar, KpiTenantRows rows, DateTime now, KpisOptions options)
    {
        var current = MinuteOf(now);
        var rateFrom = current.AddMinutes(-RateMinutes);
        var staleAfter = TimeSpan.FromSeconds(options.StaleAfterSeconds);
        var series = new List<KpiSeriesEntry>(rows.Series.Count);
        foreach (var s in rows.Series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var minutes = rows.Minutes.GetValueOrDefault(s.Key) ?? [];
            var counter = s.Kind == Counter;
            var history = minutes.Select(m => new KpiPoint(m.Minute, counter ? m.DeltaSum : m.LastValue)).ToList();
            double? rate = counter ? minutes.Where(m => m.Minute >= rateFrom && m.Minute < current).Sum(m => m.DeltaSum) / RateMinutes : null;
            var unit = s.Labels.GetValueOrDefault(UnitLabel) ?? options.Units.GetValueOrDefault(s.Name);
            series.Add(new KpiSeriesEntry(
                s.Name, s.Labels, s.Key, s.Kind, s.Value, counter ? s.Value : null, rate, unit, s.ValueTime, s.LastReceivedAt,
                now - s.LastReceivedAt > staleAfter, history));
        }

        var update = new KpisUpdate(calendar.TimeZone, calendar.DayStart(now), rows.Count, series.Count < rows.Count, series, now);
        return new TenantKpiMetrics(tenant, update, rows.Count == 0);
    }
}

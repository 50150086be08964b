namespace Dashboard.Retention;

/// <summary>
/// The retention deletes of the custom KPI and activity tables (migration 0013, docs/architecture.md §8): per-minute points
/// older than <see cref="MinutelyAge"/>, quarter-hour points older than <see cref="HourlyAge"/>, activity lines older than
/// <c>Retention:Days</c>, and series that stopped (no report for <c>Retention:Days</c>) or never got a report (registered
/// at ingest more than <see cref="UnreportedAge"/> ago, their events never committed). Each is one batch of at most
/// <c>$2</c> rows older than <c>$1</c>, run in a loop by <see cref="RetentionSweeper"/>.
/// </summary>
internal static class KpiRetentionSql
{
    /// <summary>How long per-minute points are kept: the sparklines and the per-minute history read 24 hours.</summary>
    public static readonly TimeSpan MinutelyAge = TimeSpan.FromHours(25);

    /// <summary>How long a series registered at ingest may stay without a report before it is removed.</summary>
    public static readonly TimeSpan UnreportedAge = TimeSpan.FromDays(1);

    /// <summary>How long quarter-hour points are kept: the per-hour history reads up to 30 days, and longer if <c>Retention:Days</c> is.</summary>
    public static TimeSpan HourlyAge(RetentionOptions options) => TimeSpan.FromDays(Math.Max(31, options.Days));

    // Through kpi_minutely_by_minute and kpi_hourly_by_hour.
    public const string Minutely = """
        DELETE FROM kpi_minutely m USING (
            SELECT tenant, series_key, minute FROM kpi_minutely WHERE minute < $1 LIMIT $2
        ) old
        WHERE m.tenant = old.tenant AND m.series_key = old.series_key AND m.minute = old.minute
        """;

    public const string Hourly = """
        DELETE FROM kpi_hourly h USING (
            SELECT tenant, series_key, hour FROM kpi_hourly WHERE hour < $1 LIMIT $2
        ) old
        WHERE h.tenant = old.tenant AND h.series_key = old.series_key AND h.hour = old.hour
        """;

    // Through activity_by_received.
    public const string Activity = """
        DELETE FROM activity a USING (
            SELECT tenant, id FROM activity WHERE received_at < $1 LIMIT $2
        ) old
        WHERE a.tenant = old.tenant AND a.id = old.id
        """;

    // Through kpi_series_by_received; the predicate is checked again on the row deleted, so a report folded meanwhile keeps it.
    public const string StoppedSeries = """
        DELETE FROM kpi_series s USING (
            SELECT tenant, series_key FROM kpi_series WHERE last_received_at < $1 LIMIT $2
        ) old
        WHERE s.tenant = old.tenant AND s.series_key = old.series_key AND s.last_received_at < $1
        """;

    // A scan of kpi_series (at most Kpis:MaxSeriesPerTenant rows per tenant, once a run): registered rows without a report
    // are rare, so no index is kept for them.
    public const string UnreportedSeries = """
        DELETE FROM kpi_series s USING (
            SELECT tenant, series_key FROM kpi_series WHERE reports = 0 AND created_at < $1 LIMIT $2
        ) old
        WHERE s.tenant = old.tenant AND s.series_key = old.series_key AND s.reports = 0 AND s.created_at < $1
        """;
}

namespace Dashboard.Tests.Kpis;

/// <summary>
/// One tenant's KPI tables as text rows ($1 = tenant), in key order, for comparing folds: everything the fold decides
/// except <c>created_at</c> and <c>last_received_at</c> (arrival times of the test's inserts).
/// </summary>
internal static class KpiTables
{
    public const string Series = """
        SELECT series_key || '|' || kind || '|' || coalesce(value::text, '-') || '|' || coalesce(to_char(value_time AT TIME ZONE 'UTC', 'HH24:MI:SS'), '-')
               || '|' || reports || '|' || labels::text
        FROM kpi_series WHERE tenant = $1 ORDER BY series_key COLLATE "C"
        """;

    public const string Minutely = """
        SELECT series_key || '|' || to_char(minute AT TIME ZONE 'UTC', 'HH24:MI') || '|' || last_value || '|' || to_char(last_time AT TIME ZONE 'UTC', 'HH24:MI:SS')
               || '|' || delta_sum || '|' || reports
        FROM kpi_minutely WHERE tenant = $1 ORDER BY series_key COLLATE "C", minute
        """;

    public const string Hourly = """
        SELECT series_key || '|' || to_char(hour AT TIME ZONE 'UTC', 'HH24:MI') || '|' || last_value || '|' || to_char(last_time AT TIME ZONE 'UTC', 'HH24:MI:SS')
               || '|' || delta_sum || '|' || reports
        FROM kpi_hourly WHERE tenant = $1 ORDER BY series_key COLLATE "C", hour
        """;

    public static readonly string[] All = [Series, Minutely, Hourly];
}

using Dashboard.Retention;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Kpis;

/// <summary>
/// The retention job on the KPI and activity tables (docs/architecture.md §8), the manual clock at 2025-06-01 12:00 UTC:
/// per-minute points go after 25 hours, quarter-hour points after max(31 days, <c>Retention:Days</c>), activity lines and
/// series without a report after <c>Retention:Days</c>, and series registered at ingest that never got a report after a
/// day. Batches of 1 row, so every step loops.
/// </summary>
public sealed class KpiRetentionTests : FreshDatabaseTests
{
    private RetentionSweeper Sweeper(int days) =>
        new(Db.DataSource, Microsoft.Extensions.Options.Options.Create(new RetentionOptions { Days = days, RollupDays = 400 }), Db.Clock) { BatchRows = 1 };

    [Fact]
    public async Task Old_points_activity_and_stopped_or_unreported_series_go_and_the_rest_stays()
    {
        var t = Tenants.New();
        var now = Db.Now;
        await Point("kpi_minutely", "minute", t, "m", now.AddHours(-26));
        await Point("kpi_minutely", "minute", t, "m", now.AddHours(-27));
        await Point("kpi_minutely", "minute", t, "m", now.AddHours(-24));
        await Point("kpi_hourly", "hour", t, "m", now.AddDays(-32));
        await Point("kpi_hourly", "hour", t, "m", now.AddDays(-30));
        await Activity(t, "old", now.AddDays(-31));
        await Activity(t, "new", now.AddDays(-29));
        await Series(t, "unreported_old", reports: 0, created: now.AddDays(-2), received: null);
        await Series(t, "unreported_new", reports: 0, created: now.AddHours(-2), received: null);
        await Series(t, "stopped", reports: 5, created: now.AddDays(-100), received: now.AddDays(-31));
        await Series(t, "live", reports: 5, created: now.AddDays(-100), received: now.AddDays(-1));

        // Retention:Days 40: quarter-hours are kept 40 days, so only the minutes and the unreported series go.
        var longer = await Sweeper(40).RunAsync(CancellationToken.None);
        Assert.Equal((2L, 0L, 1L, 0L), (longer["kpi_minutely"], longer["kpi_hourly"], longer["kpi_series"], longer["activity"]));

        var result = await Sweeper(30).RunAsync(CancellationToken.None);

        Assert.Equal((0L, 1L, 1L, 1L), (result["kpi_minutely"], result["kpi_hourly"], result["kpi_series"], result["activity"]));
        Assert.Equal(["2025-05-31 12:00"], await Db.StringsAsync("SELECT to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM kpi_minutely WHERE tenant = $1", t));
        Assert.Equal(["2025-05-02 12:00"], await Db.StringsAsync("SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM kpi_hourly WHERE tenant = $1", t));
        Assert.Equal(["new"], await Db.StringsAsync("SELECT event_id FROM activity WHERE tenant = $1", t));
        Assert.Equal(["live", "unreported_new"], await Db.StringsAsync("SELECT series_key FROM kpi_series WHERE tenant = $1 ORDER BY 1", t));
    }

    private async Task Point(string table, string column, string tenant, string key, DateTime at) =>
        await ExecuteAsync(
            $"INSERT INTO {table} (tenant, series_key, {column}, last_value, last_time, last_txid, last_seq, delta_sum, reports) VALUES ($1, $2, $3, 1, $3, '1'::xid8, 1, 1, 1)",
            tenant, key, at);

    private async Task Activity(string tenant, string eventId, DateTime received) =>
        await ExecuteAsync(
            "INSERT INTO activity (tenant, source, event_id, type, domain, summary, severity, time, received_at) VALUES ($1, '/s', $2, 'metric.reported', 'kpi', 's', 'info', $3, $3)",
            tenant, eventId, received);

    private async Task Series(string tenant, string key, long reports, DateTime created, DateTime? received) =>
        await ExecuteAsync(
            "INSERT INTO kpi_series (tenant, series_key, name, kind, reports, created_at, last_received_at) VALUES ($1, $2, $2, 'gauge', $3, $4, $5)",
            tenant, key, reports, created, received is { } r ? r : DBNull.Value);

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            cmd.Parameters.AddWithValue(parameter);
        }

        await cmd.ExecuteNonQueryAsync();
    }
}

using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Tests.Kpis;

/// <summary>
/// Writes the KPI state of one tenant as the fold does (<c>kpi_series</c>, <c>kpi_minutely</c>, <c>kpi_hourly</c>,
/// migration 0013), so the metrics are tested apart from the fold.
/// </summary>
internal sealed class KpiTestRows(NpgsqlDataSource dataSource, string tenant)
{
    /// <summary>The series key as the fold writes it (labels by name, values escaped).</summary>
    public static string Key(string name, params (string Name, string Value)[] labels) =>
        labels.Length == 0
            ? name
            : name + "{" + string.Join(",", labels.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}=\"{l.Value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"")) + "}";

    /// <summary>Creates or replaces a series; returns its key.</summary>
    public async Task<string> SeriesAsync(
        string name, string kind, double? value, DateTime valueTime, DateTime receivedAt, long reports = 1, params (string Name, string Value)[] labels)
    {
        var key = Key(name, labels);
        await ExecuteAsync(
            """
            INSERT INTO kpi_series (tenant, series_key, name, labels, kind, value, value_time, value_txid, value_seq, reports, last_received_at, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, pg_current_xact_id(), 1, $8, $9, $9)
            ON CONFLICT (tenant, series_key) DO UPDATE SET value = EXCLUDED.value, value_time = EXCLUDED.value_time,
                reports = EXCLUDED.reports, last_received_at = EXCLUDED.last_received_at
            """,
            Text(tenant), Text(key), Text(name),
            new NpgsqlParameter { Value = JsonSerializer.Serialize(labels.ToDictionary(l => l.Name, l => l.Value)), NpgsqlDbType = NpgsqlDbType.Jsonb },
            Text(kind), new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
            Time(valueTime), new NpgsqlParameter { Value = reports }, Time(receivedAt));
        return key;
    }

    /// <summary>One minute of a series (<c>kpi_minutely</c>): the newest value and the sum of the minute's reports.</summary>
    public Task MinuteAsync(string key, DateTime minute, double lastValue, double deltaSum, int reports = 1) =>
        BucketAsync("kpi_minutely", "minute", key, minute, lastValue, deltaSum, reports);

    /// <summary>One quarter-hour of a series (<c>kpi_hourly</c>, column <c>hour</c>).</summary>
    public Task QuarterAsync(string key, DateTime quarter, double lastValue, double deltaSum, int reports = 1) =>
        BucketAsync("kpi_hourly", "hour", key, quarter, lastValue, deltaSum, reports);

    /// <summary>Marks the tenant as having folded changes the tick has not published (what the fold does).</summary>
    public Task ChangedAsync() =>
        ExecuteAsync("INSERT INTO fold_tenants AS f (tenant, fold_seq) VALUES ($1, 1) ON CONFLICT (tenant) DO UPDATE SET fold_seq = f.fold_seq + 1", Text(tenant));

    private Task BucketAsync(string table, string column, string key, DateTime bucket, double lastValue, double deltaSum, int reports) =>
        ExecuteAsync(
            $"""
            INSERT INTO {table} (tenant, series_key, {column}, last_value, last_time, last_txid, last_seq, delta_sum, reports)
            VALUES ($1, $2, $3, $4, $3, pg_current_xact_id(), 1, $5, $6)
            ON CONFLICT (tenant, series_key, {column}) DO UPDATE SET last_value = EXCLUDED.last_value, delta_sum = EXCLUDED.delta_sum, reports = EXCLUDED.reports
            """,
            Text(tenant), Text(key), Time(bucket), new NpgsqlParameter { Value = lastValue }, new NpgsqlParameter { Value = deltaSum }, new NpgsqlParameter { Value = reports });

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTime value) => new() { Value = DateTime.SpecifyKind(value, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private async Task ExecuteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddRange(parameters);
        await cmd.ExecuteNonQueryAsync();
    }
}

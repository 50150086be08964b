using System.Text.Json;
using Dashboard.Calendar;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Kpis;

/// <summary>
/// Reads one series' history for <c>GET /api/v1/kpis/{name}</c> (docs/metrics.md §8): per UTC minute from
/// <c>kpi_minutely</c> up to <see cref="MinuteHoursLimit"/> hours, else per local hour of the tenant's zone from the
/// quarter-hours of <c>kpi_hourly</c> (a +05:30 hour is the quarters :30, :45, :00 and :15 UTC).
/// </summary>
internal sealed class KpiHistoryReader(NpgsqlDataSource dataSource, TenantTimeZones zones, IOptions<KpisOptions> options)
{
    /// <summary>The longest window answered per minute; longer windows are per hour.</summary>
    public const int MinuteHoursLimit = 24;

    /// <summary>
    /// The history of <paramref name="tenant"/>'s series <paramref name="name"/> with exactly <paramref name="labels"/> over
    /// the last <paramref name="hours"/> hours at <paramref name="now"/> (UTC); null when the tenant has no such series.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<KpiHistory?> ReadAsync(string tenant, string name, IReadOnlyDictionary<string, string> labels, int hours, DateTime now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // jsonb equality ignores key order, so the labels in any order find the series (its key sorts them).
        await using var find = new NpgsqlCommand(
            "SELECT series_key, labels::text, kind FROM kpi_series WHERE tenant = $1 AND name = $2 AND labels = $3",
            connection);
        find.Parameters.AddWithValue(tenant);
        find.Parameters.AddWithValue(name);
        find.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(labels), NpgsqlDbType = NpgsqlDbType.Jsonb });
        string key, kind;
        SortedDictionary<string, string> stored;
        await using (var reader = await find.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            (key, stored, kind) = (reader.GetString(0), KpiMetricsCalculator.ParseLabels(reader.GetString(1)), reader.GetString(2));
        }

        var calendar = zones.For(tenant);
        var perMinute = hours <= MinuteHoursLimit;
        var to = perMinute ? KpiMetricsBuilder.MinuteOf(now).AddMinutes(1) : calendar.HourStart(now).AddHours(1);
        var from = to.AddHours(-hours);
        var table = perMinute ? "kpi_minutely" : "kpi_hourly";
        var column = perMinute ? "minute" : "hour";
        await using var read = new NpgsqlCommand(
            $"""
            SELECT {column}, last_value, delta_sum, reports FROM {table}
            WHERE tenant = $1 AND series_key = $2 AND {column} >= $3 AND {column} < $4
            ORDER BY {column}
            """,
            connection);
        read.Parameters.AddWithValue(tenant);
        read.Parameters.AddWithValue(key);
        read.Parameters.AddWithValue(from);
        read.Parameters.AddWithValue(to);
        var counter = kind == KpiMetricsBuilder.Counter;
        var points = new List<KpiHistoryPoint>();
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var bucket = DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
                var time = perMinute ? bucket : calendar.HourStart(bucket);
                var (value, reports) = (counter ? reader.GetDouble(2) : reader.GetDouble(1), (long)reader.GetInt32(3));
                // Quarters come in time order: a local hour's gauge point is its last quarter's newest value.
                if (points.Count > 0 && points[^1].Time == time)
                {
                    var last = points[^1];
                    points[^1] = new KpiHistoryPoint(time, counter ? last.Value + value : value, last.Reports + reports);
                }
                else
                {
                    points.Add(new KpiHistoryPoint(time, value, reports));
                }
            }
        }

        var unit = stored.GetValueOrDefault(KpiMetricsBuilder.UnitLabel) ?? options.Value.Units.GetValueOrDefault(name);
        return new KpiHistory(name, stored, key, kind, unit, calendar.TimeZone, perMinute ? "minute" : "hour", from, to, points);
    }
}

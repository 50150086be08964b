using System.Text.Json;
using Dashboard.Calendar;
using Dashboard.Publishing;
using Dashboard.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Kpis;

/// <summary>
/// Reads what the KPI payloads need for a set of tenants in one round trip (one batch of three statements): each tenant's
/// count of series, its first <c>Payloads:MaxKpiSeries</c> series by key, and their <c>kpi_minutely</c> rows of the last
/// 60 minutes (primary-key ranges), so the cost follows the listed series, not the stored history; the arithmetic is
/// <see cref="KpiMetricsBuilder.Build"/> (docs/metrics.md §8).
/// </summary>
/// <remarks>
/// A series is listed once the fold has applied a report to it: a row registered at ingest whose events are not folded
/// yet (or never committed) has no value and is left out of both the list and <c>seriesCount</c>.
/// </remarks>
internal sealed class KpiMetricsCalculator(NpgsqlDataSource dataSource, TenantTimeZones zones, IOptions<KpisOptions> options, IOptions<PayloadOptions> payloads)
{
    // The listed series of each tenant: its first $2 by key (ordinal, as on the wire).
    private const string Kept =
        """
        SELECT t.tenant, s.series_key, s.name, s.labels::text AS labels, s.kind, s.value, s.value_time, s.last_received_at
        FROM unnest($1::text[]) AS t(tenant)
        CROSS JOIN LATERAL (
            SELECT * FROM kpi_series s
            WHERE s.tenant = t.tenant AND s.reports > 0 AND s.value IS NOT NULL AND s.value_time IS NOT NULL AND s.last_received_at IS NOT NULL
            ORDER BY s.series_key COLLATE "C"
            LIMIT $2) s
        """;

    /// <summary>
    /// Tenants whose KPI payload moves with the clock alone at <paramref name="now"/> (UTC): a series received within
    /// <c>Kpis:StaleAfterSeconds</c> + 60 s (so the tick after it turns stale publishes that), or within the last 61
    /// minutes, which covers a counter's 5-minute rate (it moves each minute) and the 60-minute history a point leaves.
    /// An index range of <c>kpi_series_by_received</c>.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> LiveTenantsAsync(DateTime now, CancellationToken ct)
    {
        var stale = TimeSpan.FromSeconds(options.Value.StaleAfterSeconds) + LiveMargin;
        var history = TimeSpan.FromMinutes(KpiMetricsBuilder.HistoryMinutes) + LiveMargin;
        await using var cmd = dataSource.CreateCommand("SELECT DISTINCT tenant FROM kpi_series WHERE last_received_at >= $1");
        cmd.Parameters.AddWithValue(now - (stale > history ? stale : history));
        return await KnownTenants.ReadAsync(cmd, ct);
    }

    /// <summary>Past a window's end, how long a tenant stays live: whichever node ticks next still publishes the change.</summary>
    public static readonly TimeSpan LiveMargin = TimeSpan.FromSeconds(60);

    /// <summary>Tenants with any folded series: their <c>windowStart</c> moves when their business day turns.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> TenantsWithSeriesAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT f.tenant FROM fold_tenants f WHERE EXISTS (SELECT 1 FROM kpi_series s WHERE s.tenant = f.tenant AND s.reports > 0)");
        return await KnownTenants.ReadAsync(cmd, ct);
    }

    /// <summary>The KPI payloads of <paramref name="tenants"/> at <paramref name="now"/> (UTC), one entry per tenant.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<TenantKpiMetrics>> ComputeAsync(IReadOnlyCollection<string> tenants, DateTime now, CancellationToken ct)
    {
        if (tenants.Count == 0)
        {
            return [];
        }

        string[] names = [.. tenants.Distinct(StringComparer.Ordinal)];
        var rows = await ReadAsync(names, now, ct);
        var settings = options.Value;
        return [.. names.Select(t => KpiMetricsBuilder.Build(t, zones.For(t), rows.GetValueOrDefault(t) ?? KpiTenantRows.Empty, now, settings))];
    }

    private async Task<Dictionary<string, KpiTenantRows>> ReadAsync(string[] names, DateTime now, CancellationToken ct)
    {
        var max = payloads.Value.MaxKpiSeries;
        var current = KpiMetricsBuilder.MinuteOf(now);
        await using var batch = dataSource.CreateBatch();
        TenantBatch.AddForTenants(batch,
            """
            SELECT tenant, count(*)::int FROM kpi_series
            WHERE tenant = ANY($1) AND reports > 0 AND value IS NOT NULL AND value_time IS NOT NULL AND last_received_at IS NOT NULL
            GROUP BY tenant
            """,
            names);
        TenantBatch.AddForTenants(batch, Kept, names, max);
        TenantBatch.AddForTenants(batch,
            $"""
            WITH kept AS ({Kept})
            SELECT m.tenant, m.series_key, m.minute, m.last_value, m.delta_sum
            FROM kept k JOIN kpi_minutely m ON m.tenant = k.tenant AND m.series_key = k.series_key AND m.minute >= $3 AND m.minute <= $4
            ORDER BY m.tenant, m.series_key, m.minute
            """,
            names, max, current.AddMinutes(1 - KpiMetricsBuilder.HistoryMinutes), current);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var series = new Dictionary<string, List<KpiSeriesRow>>(StringComparer.Ordinal);
        var minutes = new Dictionary<string, Dictionary<string, List<KpiMinuteRow>>>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TenantBatch.Entry(series, reader.GetString(0)).Add(new KpiSeriesRow(
                    reader.GetString(1), reader.GetString(2), ParseLabels(reader.GetString(3)), reader.GetString(4), reader.GetDouble(5),
                    Utc(reader.GetDateTime(6)), Utc(reader.GetDateTime(7))));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var perSeries = TenantBatch.Entry(minutes, reader.GetString(0));
                if (!perSeries.TryGetValue(reader.GetString(1), out var list))
                {
                    perSeries[reader.GetString(1)] = list = [];
                }

                list.Add(new KpiMinuteRow(Utc(reader.GetDateTime(2)), reader.GetDouble(3), reader.GetDouble(4)));
            }
        }

        return names.ToDictionary(
            t => t,
            t => new KpiTenantRows(counts.GetValueOrDefault(t), series.GetValueOrDefault(t) ?? [], minutes.GetValueOrDefault(t) ?? []),
            StringComparer.Ordinal);
    }

    /// <summary>The labels of a <c>kpi_series.labels</c> jsonb text, by name (ordinal); a non-string value is kept as its JSON text.</summary>
    internal static SortedDictionary<string, string> ParseLabels(string json)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in document.RootElement.EnumerateObject())
            {
                labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }

        return labels;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

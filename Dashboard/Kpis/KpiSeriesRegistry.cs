using Dashboard.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Dashboard.Kpis;

/// <summary>
/// Enforces <c>Kpis:MaxSeriesPerTenant</c> and a series' kind at ingest, before the events are stored (docs/limits.md,
/// docs/events.md §5): a request's new series are registered in <c>kpi_series</c> (<c>reports</c> 0) in one transaction
/// holding a per-tenant advisory lock, so concurrent requests of one tenant never pass the cap together and other tenants
/// never wait. A request is refused whole (nothing registered) when a report would add a series beyond the cap or reports
/// a kind other than its series'.
/// </summary>
/// <remarks>
/// A per-node cache of series known to exist, with their kind, lets a steady producer skip the database; it is bounded
/// (<see cref="MaxCachedSeries"/>, cleared when full). A series registered here whose events then fail to commit stays with
/// <c>reports</c> 0 until retention removes it (a day later). A cached series retention has since deleted is re-created by
/// the fold when its next report is folded (not counted against the cap at that moment): retention deletes only series
/// without a report for <c>Retention:Days</c>, so this needs a node up that long with the entry still cached.
/// </remarks>
internal sealed partial class KpiSeriesRegistry(NpgsqlDataSource dataSource, IOptionsMonitor<KpisOptions> options, TimeProvider time, ILogger<KpiSeriesRegistry> logger)
{
    /// <summary>Series remembered per node; past it the cache starts again empty (a cost, never a wrong answer but the one above).</summary>
    public const int MaxCachedSeries = 100_000;

    // The first key of pg_advisory_xact_lock(int, int), so the per-tenant locks never meet another feature's.
    private const int LockClass = 0x4B50_4931; // "KPI1"

    private readonly ConcurrentDictionary<(string Tenant, string Key), string> _known = new();

    /// <summary>
    /// Registers the series of <paramref name="reports"/> for <paramref name="tenant"/> (none new: nothing written).
    /// Returns the refusals, by report; empty when the request may be stored.
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">The database is unreachable; nothing was registered (or all of it was, and the client retries).</exception>
    public async Task<IReadOnlyList<KpiSeriesRefusal>> RegisterAsync(string tenant, IReadOnlyList<KpiSeriesReport> reports, CancellationToken ct)
    {
        if (reports.Count == 0 || reports.All(r => _known.TryGetValue((tenant, r.Key), out var kind) && kind == r.Kind))
        {
            return [];
        }

        try
        {
            return await RegisterInDatabaseAsync(tenant, reports, ct);
        }
        catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex) && !ct.IsCancellationRequested)
        {
            throw new DatabaseUnavailableException("The KPI series registry is unavailable.", ex);
        }
    }

    private async Task<IReadOnlyList<KpiSeriesRefusal>> RegisterInDatabaseAsync(string tenant, IReadOnlyList<KpiSeriesReport> reports, CancellationToken ct)
    {
        var keys = reports.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockTenant = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, tx))
        {
            lockTenant.Parameters.AddWithValue(LockClass);
            lockTenant.Parameters.AddWithValue(tenant);
            await lockTenant.ExecuteNonQueryAsync(ct);
        }

        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT series_key, kind FROM kpi_series WHERE tenant = $1 AND series_key = ANY($2)", connection, tx))
        {
            read.Parameters.AddWithValue(tenant);
            read.Parameters.AddWithValue(keys);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stored[reader.GetString(0)] = reader.GetString(1);
            }
        }

        // The kind of every series this request reports: stored, else its first report's in the request.
        var kinds = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        var added = new List<KpiSeriesReport>();
        foreach (var report in reports)
        {
            if (kinds.TryAdd(report.Key, report.Kind))
            {
                added.Add(report);
            }
        }

        var max = options.CurrentValue.MaxSeriesPerTenant;
        var existing = added.Count == 0 ? 0 : await CountAsync(connection, tx, tenant, ct);
        var fitting = (int)Math.Max(0, max - existing);
        var beyond = added.Skip(fitting).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var refusals = new List<KpiSeriesRefusal>();
        foreach (var report in reports)
        {
            if (beyond.Contains(report.Key))
            {
                refusals.Add(new KpiSeriesRefusal(report.Index, "data", string.Create(CultureInfo.InvariantCulture,
                    $"would add series {report.Key}, beyond {KpisOptions.SectionName}:{nameof(KpisOptions.MaxSeriesPerTenant)} ({max}); the tenant has {existing} series")));
            }
            else if (kinds[report.Key] != report.Kind)
            {
                refusals.Add(new KpiSeriesRefusal(report.Index, "data.kind",
                    $"series {report.Key} is a {kinds[report.Key]}; a report of kind {report.Kind} cannot join it (a series keeps the kind of its first report)"));
            }
        }

        if (refusals.Count > 0)
        {
            await tx.RollbackAsync(ct);
            LogRefused(tenant, refusals.Count, existing, max);
            return refusals;
        }

        if (added.Count > 0)
        {
            await InsertAsync(connection, tx, tenant, added, ct);
        }

        await tx.CommitAsync(ct);
        Remember(tenant, kinds);
        return [];
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string tenant, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM kpi_series WHERE tenant = $1", connection, tx);
        count.Parameters.AddWithValue(tenant);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string tenant, List<KpiSeriesReport> added, CancellationToken ct)
    {
        // DO NOTHING: the fold may have created the row meanwhile (a backfilled report), which already counts.
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO kpi_series (tenant, series_key, name, labels, kind, created_at)
            SELECT $1, u.series_key, u.name, u.labels::jsonb, u.kind, $6
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(series_key, name, labels, kind)
            ON CONFLICT (tenant, series_key) DO NOTHING
            """,
            connection, tx);
        insert.Parameters.AddWithValue(tenant);
        insert.Parameters.AddWithValue(added.Select(r => r.Key).ToArray());
        insert.Parameters.AddWithValue(added.Select(r => r.Name).ToArray());
        insert.Parameters.AddWithValue(added.Select(r => LabelsJson(r.Labels)).ToArray());
        insert.Parameters.AddWithValue(added.Select(r => r.Kind).ToArray());
        insert.Parameters.AddWithValue(time.GetUtcNow().UtcDateTime);
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The labels as the JSON object <c>kpi_series.labels</c> holds (names sorted, ordinal).</summary>
    internal static string LabelsJson(IReadOnlyDictionary<string, string> labels) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(labels.ToDictionary(), StringComparer.Ordinal));

    private void Remember(string tenant, Dictionary<string, string> kinds)
    {
        if (_known.Count + kinds.Count > MaxCachedSeries)
        {
            _known.Clear();
        }

        foreach (var (key, kind) in kinds)
        {
            _known[(tenant, key)] = kind;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Refused} KPI reports of tenant {Tenant} (series {Existing}, Kpis:MaxSeriesPerTenant {Max}) or of the wrong kind")]
    private partial void LogRefused(string tenant, int refused, long existing, int max);
}

using Dashboard.Calendar;
using Dashboard.Publishing;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Folding;

/// <summary>
/// Applies, once, the events of one domain (<see cref="BackfillDomain"/>: chat, commerce) stored before that domain's fold
/// existed: the fold's watermark had passed them without applying them (the domain's migration records the range,
/// docs/events.md §3 and §4). Each tick does one bounded chunk under the fold's lock until the range is done; then it
/// costs nothing.
/// </summary>
/// <remarks>
/// The chunk's events and the progress row commit in one transaction, so each stored event is applied exactly once
/// (commerce's content counts add up and rely on it). The domains' merges are order-independent (earliest/newest by
/// event time, counters moved by the row before and after), so history applied this way, after newer events the fold
/// has applied meanwhile, gives the state a fold from the start would have given. A stored event that breaks today's
/// rules is skipped with a warning; a chunk that fails on its data is applied event by event, skipping the failing ones.
/// </remarks>
internal sealed partial class FoldBackfill(
    BackfillDomain domain, NpgsqlDataSource dataSource, FoldRowReader reader, TenantTimeZones zones, TimeProvider time, ILogger<FoldBackfill> logger)
{
    /// <summary>Stored events (of every type) read per tick by default: bounds the tick's extra work while a backfill runs.</summary>
    public const int DefaultRowsPerRun = 20_000;

    /// <summary>Stored events (of every type) read per run (tests lower it).</summary>
    internal int RowsPerRun { get; init; } = DefaultRowsPerRun;

    /// <summary>The domain this backfill applies.</summary>
    public BackfillDomain Domain => domain;

    private volatile bool _done;

    /// <summary>Applies the next chunk, if any is left; returns the domain's events applied.</summary>
    /// <exception cref="NpgsqlException">The database failed; the chunk is retried by the next tick.</exception>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (_done)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The fold's lock first, as every writer of the fold's state takes it: the two never write the same rows at once.
        await EventFolder.LockWatermarkAsync(connection, tx, ct);
        var (progress, end) = await ReadRangeAsync(connection, tx, ct);
        if (end is not { } last || !Before(progress, last))
        {
            await tx.RollbackAsync(ct);
            _done = true;
            return 0;
        }

        var rows = await reader.ReadRangeAsync(connection, tx, progress, last, RowsPerRun, ct);
        var events = rows.Where(domain.Parsed).ToList();
        var malformed = rows.Count(r => r.ParseError is not null && domain.IsType(r.Type));
        var now = time.GetUtcNow().UtcDateTime;
        var tenants = await ApplyAsync(connection, tx, events, now, ct);
        await FoldStore.SaveTenantsAsync(connection, tx, tenants, now, ct);
        var reached = rows.Count < RowsPerRun ? last : (rows[^1].Txid, rows[^1].Seq);
        await SaveProgressAsync(connection, tx, reached, ct);
        await tx.CommitAsync(ct);
        if (malformed > 0)
        {
            LogMalformed(domain.Name, malformed);
        }

        LogProgress(domain.Name, events.Count, rows.Count, reached == last);
        _done = reached == last;
        return events.Count;
    }

    private async Task<IReadOnlyCollection<string>> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<FoldRow> events, DateTime now, CancellationToken ct)
    {
        await tx.SaveAsync("chunk", ct);
        try
        {
            return await domain.ApplyAsync(connection, tx, events, now, zones, ct);
        }
        catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
        {
            await tx.RollbackAsync("chunk", ct);
        }

        var tenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            await tx.SaveAsync("event", ct);
            try
            {
                tenants.UnionWith(await domain.ApplyAsync(connection, tx, [e], now, zones, ct));
            }
            catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
            {
                await tx.RollbackAsync("event", ct);
                LogSkipped(ex, domain.Name, e.Tenant, e.Source, e.EventId);
            }
        }

        return tenants;
    }

    private async Task<((ulong Txid, long Seq) Progress, (ulong Txid, long Seq)? End)> ReadRangeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT name, txid, seq FROM fold_watermarks WHERE name = ANY($1) FOR UPDATE", connection, tx);
        cmd.Parameters.AddWithValue(new[] { domain.ProgressName, domain.EndName });
        (ulong, long) progress = (0, 0);
        (ulong, long)? end = null;
        await using var rows = await cmd.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            var position = (rows.GetFieldValue<ulong>(1), rows.GetInt64(2));
            if (rows.GetString(0) == domain.EndName)
            {
                end = position;
            }
            else
            {
                progress = position;
            }
        }

        return (progress, end);
    }

    private async Task SaveProgressAsync(NpgsqlConnection connection, NpgsqlTransaction tx, (ulong Txid, long Seq) reached, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO fold_watermarks (name, txid, seq) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET txid = EXCLUDED.txid, seq = EXCLUDED.seq",
            connection, tx);
        cmd.Parameters.AddWithValue(domain.ProgressName);
        cmd.Parameters.Add(new NpgsqlParameter { Value = reached.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(reached.Seq);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static bool Before((ulong Txid, long Seq) a, (ulong Txid, long Seq) b) => a.Txid < b.Txid || (a.Txid == b.Txid && a.Seq < b.Seq);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill of {Domain}: applied {Applied} events of {Read} stored before its fold; done: {Done}")]
    private partial void LogProgress(string domain, int applied, int read, bool done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill of {Domain}: skipped {Count} stored events that break today's rules (docs/events.md)")]
    private partial void LogMalformed(string domain, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill of {Domain}: skipped event {EventId} from {Source} of tenant {Tenant}, which fails to apply")]
    private partial void LogSkipped(Exception ex, string domain, string tenant, string source, string eventId);
}

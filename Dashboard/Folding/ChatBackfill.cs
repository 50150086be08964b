using Dashboard.Chat;
using Dashboard.Publishing;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Folding;

/// <summary>
/// Applies, once, the chat and CSAT events stored before the chat fold existed: the fold's watermark had passed them
/// without applying them (migration 0008 records the range, docs/events.md §3). Each tick does one bounded chunk under
/// the fold's lock until the range is done; then it costs nothing.
/// </summary>
/// <remarks>
/// The chat merges are idempotent (earliest/newest by event time, roll-up deltas from the row before and after, CSAT
/// keyed by its event), so history applied this way, in any order relative to newer events the fold has applied
/// meanwhile, gives the state a fold from the start would have given. A stored event that breaks today's rules is
/// skipped with a warning; a chunk that fails on its data is applied event by event, skipping the failing ones.
/// </remarks>
internal sealed partial class ChatBackfill(NpgsqlDataSource dataSource, FoldRowReader reader, TimeProvider time, ILogger<ChatBackfill> logger)
{
    /// <summary>The progress row in <c>fold_watermarks</c>.</summary>
    public const string ProgressName = "chat_backfill";

    /// <summary>The end row in <c>fold_watermarks</c>: the fold's watermark when migration 0008 ran.</summary>
    public const string EndName = "chat_backfill_end";

    /// <summary>Stored events (of every type) read per tick by default: bounds the tick's extra work while a backfill runs.</summary>
    public const int DefaultRowsPerRun = 20_000;

    /// <summary>Stored events (of every type) read per run (tests lower it).</summary>
    internal int RowsPerRun { get; init; } = DefaultRowsPerRun;

    private volatile bool _done;

    /// <summary>Applies the next chunk, if any is left; returns the chat events applied.</summary>
    /// <exception cref="NpgsqlException">The database failed; the chunk is retried by the next tick.</exception>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (_done)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The fold's lock first, as every writer of the fold's state takes it: the two never write chat rows at once.
        await EventFolder.LockWatermarkAsync(connection, tx, ct);
        var (progress, end) = await ReadRangeAsync(connection, tx, ct);
        if (end is not { } last || !Before(progress, last))
        {
            await tx.RollbackAsync(ct);
            _done = true;
            return 0;
        }

        var rows = await reader.ReadRangeAsync(connection, tx, progress, last, RowsPerRun, ct);
        var events = rows.Select(r => r.Chat).OfType<ChatEvent>().ToList();
        var malformed = rows.Count(r => r.ParseError is not null && ChatEvent.IsChat(r.Type));
        var now = time.GetUtcNow().UtcDateTime;
        var tenants = await ApplyAsync(connection, tx, events, now, ct);
        await FoldStore.SaveTenantsAsync(connection, tx, tenants, now, ct);
        var reached = rows.Count < RowsPerRun ? last : (rows[^1].Txid, rows[^1].Seq);
        await SaveProgressAsync(connection, tx, reached, ct);
        await tx.CommitAsync(ct);
        if (malformed > 0)
        {
            LogMalformed(malformed);
        }

        LogProgress(events.Count, rows.Count, reached == last);
        _done = reached == last;
        return events.Count;
    }

    private async Task<IReadOnlyCollection<string>> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<ChatEvent> events, DateTime now, CancellationToken ct)
    {
        await tx.SaveAsync("chunk", ct);
        try
        {
            return await ChatStore.ApplyAsync(connection, tx, events, now, ct);
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
                tenants.UnionWith(await ChatStore.ApplyAsync(connection, tx, [e], now, ct));
            }
            catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
            {
                await tx.RollbackAsync("event", ct);
                LogSkipped(ex, e.Tenant, e.Source, e.EventId);
            }
        }

        return tenants;
    }

    private static async Task<((ulong Txid, long Seq) Progress, (ulong Txid, long Seq)? End)> ReadRangeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT name, txid, seq FROM fold_watermarks WHERE name = ANY($1) FOR UPDATE", connection, tx);
        cmd.Parameters.AddWithValue(new[] { ProgressName, EndName });
        (ulong, long) progress = (0, 0);
        (ulong, long)? end = null;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var position = (reader.GetFieldValue<ulong>(1), reader.GetInt64(2));
            if (reader.GetString(0) == EndName)
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

    private static async Task SaveProgressAsync(NpgsqlConnection connection, NpgsqlTransaction tx, (ulong Txid, long Seq) reached, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO fold_watermarks (name, txid, seq) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET txid = EXCLUDED.txid, seq = EXCLUDED.seq",
            connection, tx);
        cmd.Parameters.AddWithValue(ProgressName);
        cmd.Parameters.Add(new NpgsqlParameter { Value = reached.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(reached.Seq);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static bool Before((ulong Txid, long Seq) a, (ulong Txid, long Seq) b) => a.Txid < b.Txid || (a.Txid == b.Txid && a.Seq < b.Seq);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat backfill: applied {Applied} chat events of {Read} stored before the chat fold; done: {Done}")]
    private partial void LogProgress(int applied, int read, bool done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat backfill: skipped {Count} stored chat events that break today's rules (docs/events.md §3)")]
    private partial void LogMalformed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat backfill: skipped event {EventId} from {Source} of tenant {Tenant}, which fails to apply")]
    private partial void LogSkipped(Exception ex, string tenant, string source, string eventId);
}

using Dashboard.Calendar;
using Dashboard.Folding.DeadLetters;
using Dashboard.Observability;
using Dashboard.Publishing;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Folding;

/// <summary>
/// Folds new rows of <c>events</c> into the state tables (<c>calls</c>, <c>campaigns</c>, <c>agents</c>,
/// <c>fold_tenants</c>) and the hourly roll-ups (<c>call_hourly</c>, <c>queue_hourly</c>, <c>agent_hourly</c>; migrations
/// 0002 and 0004), so every metric job's cost follows what arrived, not what is stored (docs/architecture.md).
/// </summary>
/// <remarks>
/// <para>
/// Events are read after the watermark in (txid, seq) order and only from transactions older than every transaction
/// still running (<c>txid &lt; pg_snapshot_xmin(pg_current_snapshot())</c>). A sequence or commit-time watermark would
/// skip an event whose transaction started early and committed late; with this horizon every event the watermark
/// passes was already committed (or rolled back) when it was read. The price: a long transaction anywhere in the
/// PostgreSQL cluster delays folding until it ends.
/// </para>
/// <para>
/// Each chunk's state changes and the watermark advance commit in one transaction, and the watermark row is locked
/// (<c>FOR UPDATE</c>) first, so a chunk is applied exactly once even when a firing fails midway or two nodes fold at once.
/// </para>
/// <para>
/// A chunk that fails because of its data (<see cref="FoldFailures.IsPoison"/>) is folded again at once by
/// <see cref="PoisonIsolator"/>: the events that fail alone go to <c>dead_letters</c> in the same transaction and the
/// watermark moves past them, so one tenant's poison event never stops another tenant's fold (docs/dead-letters.md).
/// An infrastructure failure (database unreachable) fails the firing as before; the next one retries the chunk.
/// </para>
/// </remarks>
internal sealed partial class EventFolder(
    NpgsqlDataSource dataSource,
    FoldRowReader reader,
    IOptions<DeadLetterOptions> deadLetterOptions,
    DeadLetterMonitor deadLetterCounts,
    ResilienceMetrics metrics,
    TenantTimeZones zones,
    TimeProvider time,
    ILogger<EventFolder> logger)
{
    /// <summary>The watermark row of this fold in <c>fold_watermarks</c>.</summary>
    public const string WatermarkName = "campaign_metrics";

    /// <summary>Events per transaction.</summary>
    public const int ChunkSize = 5000;

    // Bounds one firing; a backlog (e.g. after an outage) is worked down over the next firings instead.
    private const int MaxChunksPerRun = 20;

    /// <summary>Folds everything foldable now, chunk by chunk.</summary>
    /// <returns>Events read (all types) and events set aside. The tenants whose state changed are recorded in <c>fold_tenants</c> (<see cref="TenantChanges"/>).</returns>
    public async Task<FoldResult> FoldAsync(CancellationToken ct)
    {
        long read = 0, deadLettered = 0;
        for (var chunk = 0; chunk < MaxChunksPerRun; chunk++)
        {
            int count, poisoned;
            try
            {
                (count, poisoned) = await FoldChunkAsync(isolate: false, ct);
            }
            catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
            {
                LogIsolating(ex);
                (count, poisoned) = await FoldChunkAsync(isolate: true, ct);
            }

            read += count;
            deadLettered += poisoned;
            if (count < ChunkSize)
            {
                break;
            }
        }

        return new FoldResult(read, deadLettered);
    }

    private async Task<(int Read, int DeadLettered)> FoldChunkAsync(bool isolate, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var (watermarkTxid, watermarkSeq) = await LockWatermarkAsync(connection, tx, ct);
        var rows = await reader.ReadNextAsync(connection, tx, watermarkTxid, watermarkSeq, ChunkSize, ct);
        if (rows.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return (0, 0);
        }

        var now = time.GetUtcNow().UtcDateTime;
        IReadOnlyCollection<string> tenants;
        IReadOnlyList<DeadLetter> deadLetters = [];
        if (isolate || rows.Any(r => r.ParseError is not null))
        {
            var isolator = new PoisonIsolator(connection, tx, now, zones, ct);
            await isolator.ApplyAsync(rows);
            tenants = isolator.Tenants;
            deadLetters = isolator.DeadLetters;
        }
        else
        {
            tenants = await FoldApplier.ApplyAsync(connection, tx, rows, now, zones, ct);
        }

        if (deadLetters.Count > 0)
        {
            var settings = deadLetterOptions.Value;
            await DeadLetterStore.AddAsync(connection, tx, deadLetters, now, now + settings.RetryDelay(1), quarantine: settings.MaxAttempts <= 1, ct);
        }

        await FoldStore.SaveTenantsAsync(connection, tx, tenants, now, ct);
        await SaveWatermarkAsync(connection, tx, rows[^1].Txid, rows[^1].Seq, ct);
        await tx.CommitAsync(ct);
        if (deadLetters.Count > 0)
        {
            deadLetterCounts.Invalidate();
        }

        var quarantined = deadLetterOptions.Value.MaxAttempts <= 1;
        foreach (var letter in deadLetters)
        {
            metrics.DeadLettered("fold");
            LogDeadLettered(letter.Tenant, letter.Source, letter.EventId, letter.Type, letter.Error);
            if (quarantined)
            {
                metrics.Quarantined(1);
                LogQuarantinedAtOnce(letter.Tenant, letter.Source, letter.EventId);
            }
        }

        return (rows.Count, deadLetters.Count);
    }

    /// <summary>Locks the fold's watermark row until <paramref name="tx"/> ends (the fold's exactly-once guard) and reads it.</summary>
    internal static async Task<(ulong Txid, long Seq)> LockWatermarkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT txid, seq FROM fold_watermarks WHERE name = $1 FOR UPDATE", connection, tx);
        cmd.Parameters.AddWithValue(WatermarkName);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"fold_watermarks has no '{WatermarkName}' row; migration 0002 seeds it.");
        }

        return (reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
    }

    private static async Task SaveWatermarkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ulong txid, long seq, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("UPDATE fold_watermarks SET txid = $2, seq = $3 WHERE name = $1", connection, tx);
        cmd.Parameters.AddWithValue(WatermarkName);
        cmd.Parameters.Add(new NpgsqlParameter { Value = txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(seq);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A fold chunk failed on its data; folding it again tenant by tenant to set the failing events aside")]
    private partial void LogIsolating(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} from {Source} of tenant {Tenant} quarantined at its first failure (DeadLetters:MaxAttempts is 1)")]
    private partial void LogQuarantinedAtOnce(string tenant, string source, string eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({EventType}) from {Source} of tenant {Tenant} cannot be folded and was set aside as a dead letter: {Error}")]
    private partial void LogDeadLettered(string tenant, string source, string eventId, string eventType, string error);
}

/// <summary>What one <see cref="EventFolder.FoldAsync"/> did.</summary>
/// <param name="EventsRead">Events the watermark moved past, of every type.</param>
/// <param name="DeadLettered">Of those, events set aside in <c>dead_letters</c>.</param>
internal sealed record FoldResult(long EventsRead, long DeadLettered = 0);

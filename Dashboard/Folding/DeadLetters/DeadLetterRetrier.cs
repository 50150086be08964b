using Dashboard.Calendar;
using Dashboard.Observability;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Folding.DeadLetters;

/// <summary>
/// Each tick, after the fold: retries the dead letters whose back-off has passed, each event alone under a savepoint.
/// An event that applies now leaves the table and its tenant is published like any folded change; one that fails again
/// waits twice as long, and is quarantined after <c>DeadLetters:MaxAttempts</c> failures (docs/dead-letters.md).
/// </summary>
/// <remarks>
/// A retried event is applied after events of its tenant that arrived later, as a late event would be: the fold's rules
/// are order-independent for calls (every column is filled by whichever event carries it) and place an agent's status
/// change by its event time.
/// </remarks>
internal sealed partial class DeadLetterRetrier(
    NpgsqlDataSource dataSource,
    FoldRowReader rows,
    DeadLetterMonitor monitor,
    IOptions<DeadLetterOptions> options,
    ResilienceMetrics metrics,
    TenantTimeZones zones,
    TimeProvider time,
    ILogger<DeadLetterRetrier> logger)
{
    /// <summary>
    /// Retries what is due. The tick's usual case, nothing retrying, costs no database round trip: the monitor's counts
    /// (read at most every 5 s, and again at once after the fold sets events aside or an admin retries one) say so.
    /// </summary>
    /// <returns>Entries retried and how many of them applied.</returns>
    public async Task<(int Retried, int Applied)> RetryDueAsync(CancellationToken ct)
    {
        if (await monitor.CountsAsync(ct) is { Retrying: 0 })
        {
            return (0, 0);
        }

        var result = await RetryAsync(ct);
        if (result.Retried > 0)
        {
            monitor.Invalidate();
        }

        return result;
    }

    private async Task<(int Retried, int Applied)> RetryAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var due = await DeadLetterStore.LockDueAsync(connection, tx, now, settings.RetriesPerTick, ct);
        if (due.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return (0, 0);
        }

        // The fold's lock: state rows are read and written back whole, so a fold running at once on another node (a job
        // taken over while its first node still runs) must not interleave with this transaction. The fold never waits
        // on these dead_letters rows (it only inserts rows of events past the watermark), so the order cannot deadlock.
        await EventFolder.LockWatermarkAsync(connection, tx, ct);
        var stored = (await rows.ReadByKeyAsync(connection, tx, [.. due.Select(d => (d.Txid, d.Seq))], ct)).ToDictionary(r => r.Seq);
        var resolved = new List<long>();
        var isolator = new PoisonIsolator(connection, tx, now, zones, ct);
        var applied = 0;
        foreach (var (id, _, seq, attempts) in due)
        {
            if (!stored.TryGetValue(seq, out var row))
            {
                // Retention deleted the event: nothing is left to apply.
                resolved.Add(id);
                continue;
            }

            var failedBefore = isolator.DeadLetters.Count;
            await isolator.ApplyPartAsync([row]);
            if (isolator.DeadLetters.Count == failedBefore)
            {
                resolved.Add(id);
                applied++;
                continue;
            }

            var failure = isolator.DeadLetters[^1];
            var next = attempts + 1 >= settings.MaxAttempts ? (DateTime?)null : now + settings.RetryDelay(attempts + 1);
            await DeadLetterStore.FailedAgainAsync(connection, tx, id, attempts + 1, failure, now, next, ct);
            if (next is null)
            {
                metrics.Quarantined(1);
                LogQuarantined(row.Tenant, row.Source, row.EventId, attempts + 1, failure.Error);
            }
        }

        await DeadLetterStore.DeleteAsync(connection, tx, resolved, ct);
        await FoldStore.SaveTenantsAsync(connection, tx, isolator.Tenants, now, ct);
        await tx.CommitAsync(ct);
        return (due.Count, applied);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} from {Source} of tenant {Tenant} quarantined after {Attempts} failed attempts: {Error}")]
    private partial void LogQuarantined(string tenant, string source, string eventId, int attempts, string error);
}

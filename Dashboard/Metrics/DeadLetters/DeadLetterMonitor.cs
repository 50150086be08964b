using System.Data.Common;
using Dashboard.Observability;

namespace Dashboard.Metrics.DeadLetters;

/// <summary>
/// The cluster's dead-letter counts for readiness and <c>dashboard_dead_letters{state}</c>: read at most every 5 s, within
/// 0.4 s (inside the readiness deadline of 0.5 s, so <c>/readyz</c> stays fast), and the last known counts kept while the database does not answer.
/// </summary>
internal sealed class DeadLetterMonitor(DeadLetterStore store, ResilienceMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(400);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DeadLetterCounts Counts, DateTimeOffset ReadAt)? _last;

    /// <summary>The counts, at most 5 s old; null when they were never read (the database has not answered yet).</summary>
    public async Task<DeadLetterCounts?> CountsAsync(CancellationToken ct)
    {
        if (_last is { } fresh && time.GetUtcNow() - fresh.ReadAt < MaxAge)
        {
            return fresh.Counts;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_last is { } again && time.GetUtcNow() - again.ReadAt < MaxAge)
            {
                return again.Counts;
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(ReadTimeout);
            var counts = await store.CountsAsync(null, bounded.Token).WaitAsync(ReadTimeout, time, ct);
            Record(counts);
            return counts;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException
                                   || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return _last?.Counts;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Counts just read elsewhere (the tick, the REST list): the gauge and the cache take them.</summary>
    public void Record(DeadLetterCounts counts)
    {
        _last = (counts, time.GetUtcNow());
        metrics.DeadLetterCounts(counts.Retrying, counts.Quarantined);
    }
}

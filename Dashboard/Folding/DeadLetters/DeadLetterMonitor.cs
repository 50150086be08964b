using Dashboard.Observability;
using System.Data.Common;

namespace Dashboard.Folding.DeadLetters;

/// <summary>
/// The cluster's dead-letter counts for readiness and <c>dashboard_dead_letters{state}</c>: read at most every 5 s, within
/// 0.4 s (inside the readiness deadline of 0.5 s, so <c>/readyz</c> stays fast), and the last known counts kept while the database does not answer.
/// </summary>
internal sealed class DeadLetterMonitor(DeadLetterStore store, ResilienceMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(400);

    private readonly SemaphoreSlim _gate = new(1, 1);
    // A reference and a tick count, so readers outside the gate never see a torn value.
    private DeadLetterCounts? _last;
    private long _lastAttemptTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>
    /// The counts, at most 5 s old; null when they were never read (the database has not answered yet). A read that
    /// fails or times out is not repeated for 5 s either, so a silent database costs one pending query, not one per probe.
    /// </summary>
    public async Task<DeadLetterCounts?> CountsAsync(CancellationToken ct)
    {
        if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastAttemptTicks) < MaxAge.Ticks)
        {
            return Volatile.Read(ref _last);
        }

        await _gate.WaitAsync(ct);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<DeadLetterCounts>? read = null;
        try
        {
            if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastAttemptTicks) < MaxAge.Ticks)
            {
                return Volatile.Read(ref _last);
            }

            Interlocked.Exchange(ref _lastAttemptTicks, time.GetUtcNow().UtcTicks);
            read = store.CountsAsync(null, bounded.Token);
            var counts = await read.WaitAsync(ReadTimeout, time, ct);
            Record(counts);
            return counts;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException
                                   || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (read is { IsCompleted: false })
            {
                // Npgsql may ignore the token while it connects; whatever the read ends with later is of no interest.
                await bounded.CancelAsync();
                _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            return Volatile.Read(ref _last);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The counts changed here (events set aside, an admin's retry): the next <see cref="CountsAsync"/> reads them again.</summary>
    public void Invalidate() => Interlocked.Exchange(ref _lastAttemptTicks, DateTimeOffset.MinValue.UtcTicks);

    /// <summary>Counts just read elsewhere (the tick, the REST list): the gauge and the cache take them.</summary>
    public void Record(DeadLetterCounts counts)
    {
        Volatile.Write(ref _last, counts);
        Interlocked.Exchange(ref _lastAttemptTicks, time.GetUtcNow().UtcTicks);
        metrics.DeadLetterCounts(counts.Retrying, counts.Quarantined);
    }
}

using System.Threading.Channels;
using Dashboard.Observability;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// Publishes data messages to every node's clients. Each message is serialised once here, queued, and written by one
/// background loop in batches: one statement per batch assigns each message its stream's next seq, logs it and NOTIFYs
/// every node (<see cref="BackplaneStore"/>); each node's <see cref="BackplaneListener"/> applies it to its hub.
/// </summary>
/// <remarks>
/// Messages are sequenced in the order <see cref="PublishAsync"/> was called on this node (one FIFO queue, one writer),
/// so a caller that publishes several messages without awaiting each still gets them in call order. While the database
/// is unreachable a batch is retried with back-off (0.1 s doubling to 5 s); callers wait, or give up with their token.
/// </remarks>
internal sealed partial class RealtimePublisher(
    BackplaneStore store,
    RealtimeHub hub,
    DashboardMetrics metrics,
    PublishGuard guard,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<RealtimePublisher> logger) : BackgroundService
{
    /// <summary>Most messages written by one statement.</summary>
    public const int MaxBatch = 1000;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    // How long PublishAsync waits for this node's listener to apply a committed message.
    private static readonly TimeSpan LocalApplyWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Messages waiting for the database at most (docs/dead-letters.md). Reached only while the backplane cannot write
    /// for long (its batch retries with back-off) and producers keep publishing: past it a message is refused at once
    /// (<c>dashboard_realtime_messages_rejected_total{reason="backlog"}</c>) instead of growing memory without bound;
    /// the jobs' next snapshots heal what live messages were refused.
    /// </summary>
    public const int MaxPending = 100_000;

    private readonly Channel<PendingPublish> _pending = Channel.CreateBounded<PendingPublish>(
        new BoundedChannelOptions(MaxPending) { SingleReader = true, AllowSynchronousContinuations = false, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _stopping;

    /// <summary>
    /// Publishes <paramref name="data"/> as a <paramref name="type"/> message on (<paramref name="tenant"/>,
    /// <paramref name="topic"/>) to every node.
    /// </summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="topic">A catalogue topic (<see cref="Topics.IsKnown"/>).</param>
    /// <param name="type">Message type, e.g. <c>metrics_update</c>.</param>
    /// <param name="data">Serialised now with <see cref="JsonDefaults.Options"/> as the envelope's <c>data</c>.</param>
    /// <param name="isSnapshot">True for state (kept as the topic's snapshot, coalescible); false for individual events.</param>
    /// <param name="cancellationToken">Stops waiting; the message may still be published.</param>
    /// <returns>
    /// The message's seq, once it is committed and this node's subscribers have it queued (or, when this node's listener
    /// is reconnecting, after at most 5 s: it then arrives with the listener's catch-up).
    /// </returns>
    /// <remarks>Never throws: every failure below faults the returned task, so a caller can queue several messages before awaiting any.</remarks>
    /// <exception cref="System.Text.Json.JsonException">(Or <see cref="NotSupportedException"/>, <see cref="ArgumentException"/>) <paramref name="data"/> cannot be serialized.</exception>
    /// <exception cref="InvalidOperationException">The publisher has stopped (host shutting down).</exception>
    /// <exception cref="NpgsqlException">The database refused the message (not a transient failure).</exception>
    /// <exception cref="RealtimeMessageRejectedException">
    /// The message is larger than <c>Realtime:MaxPublishBytes</c>, its stream is backing off after a refusal
    /// (<see cref="PublishGuard"/>), or <see cref="MaxPending"/> messages already wait for the database; nothing was published.
    /// </exception>
    public Task<long> PublishAsync(string tenant, string topic, string type, object data, bool isSnapshot, CancellationToken cancellationToken = default)
    {
        if (guard.Check(tenant, topic, type) is { } backingOff)
        {
            return Task.FromException<long>(backingOff);
        }

        var message = Serialise(tenant, topic, type, data, isSnapshot);
        if (message.Refusal is not null)
        {
            return Task.FromException<long>(guard.Rejected(message));
        }

        var pending = new PendingPublish(message);

        // Queued before the first await, so call order is seq order.
        if (!_pending.Writer.TryWrite(pending))
        {
            return Task.FromException<long>(_stopping
                ? new InvalidOperationException("The realtime publisher has stopped.")
                : guard.Backlogged(MaxPending));
        }

        return AppliedAsync(pending, cancellationToken);
    }

    /// <summary>Stops taking messages, then lets the loop write what is queued until <paramref name="cancellationToken"/> fires.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _pending.Writer.TryComplete();
        if (ExecuteTask is { } loop)
        {
            try
            {
                await loop.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Shutdown timeout: base.StopAsync cancels the loop, which fails what is left.
            }
        }

        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingPublish>(MaxBatch);
        try
        {
            // Not canceled by stoppingToken: after StopAsync completes the channel, the loop drains it and ends.
            while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        finally
        {
            while (_pending.Reader.TryRead(out var item))
            {
                item.Committed.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task<long> AppliedAsync(PendingPublish pending, CancellationToken cancellationToken)
    {
        var seq = await pending.Committed.Task.WaitAsync(cancellationToken);
        await WhenAppliedHereAsync(pending.Tenant, pending.Topic, seq, cancellationToken);
        return seq;
    }

    // Waits until this node's listener applied a committed message, but at most LocalApplyWait.
    private async Task WhenAppliedHereAsync(string tenant, string topic, long seq, CancellationToken cancellationToken)
    {
        try
        {
            await hub.WhenAppliedAsync(tenant, topic, seq, cancellationToken).WaitAsync(LocalApplyWait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Committed, so every node gets it once its listener is back (catch-up); a caller such as a clustered job or
            // an ingestion request must not wait for that.
            LogNotAppliedYet(tenant, topic, seq);
        }
    }

    private async Task WriteAsync(IReadOnlyList<PendingPublish> batch, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var uncertain = false;
        while (batch.Count > 0)
        {
            try
            {
                if (uncertain)
                {
                    // The failed attempt may have committed before the connection broke: never publish a message twice.
                    batch = Complete(batch, await store.FindPublishedAsync(batch, stoppingToken));
                    uncertain = false;
                    if (batch.Count == 0)
                    {
                        return;
                    }
                }

                var started = time.GetTimestamp();
                var seqs = await store.AppendAsync(batch, stoppingToken);
                metrics.RecordBackplaneCommit(time.GetElapsedTime(started));
                metrics.BackplaneMessages("published", batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    guard.Published(batch[i].Tenant, batch[i].Topic, batch[i].Type);
                    batch[i].Committed.TrySetResult(seqs[i]);
                }

                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                Fail(batch, null, stoppingToken);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient)
            {
                uncertain = true;
                LogRetrying(ex, batch.Count, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    Fail(batch, null, stoppingToken);
                    return;
                }

                delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
            }
            catch (PostgresException) when (batch.Count > 1)
            {
                // One bad message (e.g. a NUL character PostgreSQL refuses in text) must not take the others with it.
                foreach (var item in batch)
                {
                    await WriteAsync([item], stoppingToken);
                }

                return;
            }
            catch (Exception ex)
            {
                foreach (var item in batch)
                {
                    guard.Refused(item.Tenant, item.Topic, item.Type, "refused", ex, item.Message.Bytes);
                }

                Fail(batch, ex, stoppingToken);
                return;
            }
        }
    }

    private static List<PendingPublish> Complete(IReadOnlyList<PendingPublish> batch, Dictionary<Guid, long> published)
    {
        var rest = new List<PendingPublish>(batch.Count);
        foreach (var item in batch)
        {
            if (published.TryGetValue(item.Id, out var seq))
            {
                item.Committed.TrySetResult(seq);
            }
            else
            {
                rest.Add(item);
            }
        }

        return rest;
    }

    private static void Fail(IReadOnlyList<PendingPublish> batch, Exception? ex, CancellationToken stoppingToken)
    {
        foreach (var item in batch)
        {
            if (ex is null)
            {
                item.Committed.TrySetCanceled(stoppingToken);
            }
            else
            {
                item.Committed.TrySetException(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} realtime messages failed; retrying in {DelaySeconds} s")]
    private partial void LogRetrying(Exception ex, int count, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime message {Seq} of tenant {Tenant}, topic {Topic} is committed but not yet applied on this node; its listener is catching up")]
    private partial void LogNotAppliedYet(string tenant, string topic, long seq);
}

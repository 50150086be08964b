namespace Dashboard.Realtime;

/// <summary>The backplane's side: applying sequenced messages and skipped seqs, and reporting positions.</summary>
public sealed partial class RealtimeHub
{
    /// <summary>
    /// Applies a message the backplane has sequenced (<see cref="Backplane.RealtimePublisher"/>): records it as the stream's
    /// newest (and snapshot, when it is one), keeps it in the history and queues it to every subscriber on this node.
    /// </summary>
    /// <param name="message">A message of seq <c>current + 1</c>; any seq is accepted by a stream this node has never seen.</param>
    /// <param name="acceptGap">
    /// True to apply a message that skips seqs anyway (the skipped ones are gone from the log): the history is cleared
    /// first, so no resume is ever answered across the gap, and each live subscriber gets <c>resync</c>, the newest
    /// snapshot and then the message (<see cref="IHubSubscriber.Resync"/>); false to refuse it with <see cref="ApplyResult.Gap"/>.
    /// </param>
    /// <returns>Whether it was applied, already applied (a duplicate, ignored), or refused for a gap.</returns>
    public ApplyResult Apply(HubMessage message, bool acceptGap = false)
    {
        var started = _time.GetTimestamp();
        using var locked = LockLiveStream(message.Tenant, message.Topic);
        var stream = locked.Stream;
        if (message.Seq <= stream.Seq)
        {
            return ApplyResult.Duplicate;
        }

        var result = ApplyResult.Applied;
        if (message.Seq != stream.Seq + 1 && stream.Seq != 0)
        {
            if (!acceptGap)
            {
                return ApplyResult.Gap;
            }

            stream.ClearHistory();
            result = ApplyResult.AppliedAfterGap;
        }

        var previousSnapshot = stream.Snapshot;
        stream.Seq = message.Seq;
        if (message.IsSnapshot)
        {
            stream.Snapshot = message;
        }

        stream.Last = message;
        stream.Remember(message);

        foreach (var subscriber in stream.Subscribers)
        {
            // A live subscriber missed the skipped seqs as surely as a resume would: it is told so (docs/protocol.md §9),
            // then gets the state to start again from and the message itself.
            if (result == ApplyResult.AppliedAfterGap)
            {
                subscriber.Resync(message.Topic, message.IsSnapshot ? message : previousSnapshot);
                if (message.IsSnapshot)
                {
                    continue;
                }
            }

            subscriber.Deliver(message);
        }

        stream.ReleaseWaiters();
        _metrics.RecordBroadcast(_time.GetElapsedTime(started));
        return result;
    }

    /// <summary>
    /// Moves a stream past <paramref name="seq"/> without a message (it is gone from the log): the history is cleared so
    /// no resume is answered across it, live subscribers get <c>resync</c> and the snapshot, and publishers waiting for
    /// it are released. No-op when already past it.
    /// </summary>
    public void Skip(string tenant, string topic, long seq)
    {
        using var locked = LockLiveStream(tenant, topic);
        var stream = locked.Stream;
        if (seq > stream.Seq)
        {
            stream.ClearHistory();
            stream.Seq = seq;
            foreach (var subscriber in stream.Subscribers)
            {
                subscriber.Resync(topic, stream.Snapshot);
            }

            stream.ReleaseWaiters();
        }
    }

    /// <summary>Completes once this node has applied seq <paramref name="seq"/> (or a later one) of the stream.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled first.</exception>
    public Task WhenAppliedAsync(string tenant, string topic, long seq, CancellationToken cancellationToken)
    {
        using var locked = LockLiveStream(tenant, topic);
        var stream = locked.Stream;
        return stream.Seq >= seq ? Task.CompletedTask : stream.AddWaiter(seq).WaitAsync(cancellationToken);
    }

    /// <summary>The last seq this node applied on a stream; 0 before the first.</summary>
    public long CurrentSeq(string tenant, string topic) =>
        ReadStream(tenant, topic, 0L, static stream => stream.Seq);

    /// <summary>Every stream this node holds, with the last seq it applied (what the backplane catches up from).</summary>
    internal IReadOnlyList<Backplane.StreamPosition> Positions()
    {
        var positions = new List<Backplane.StreamPosition>(_streams.Count);
        foreach (var ((tenant, topic), stream) in _streams)
        {
            lock (stream)
            {
                if (stream.Seq > 0)
                {
                    positions.Add(new(tenant, topic, stream.Seq));
                }
            }
        }

        return positions;
    }
}

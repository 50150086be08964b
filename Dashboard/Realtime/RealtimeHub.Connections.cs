namespace Dashboard.Realtime;

/// <summary>The connections' side (WebSocket and SSE): subscribing, unsubscribing and the manual refresh.</summary>
public sealed partial class RealtimeHub
{
    /// <summary>
    /// Adds <paramref name="subscriber"/> to the stream (once) and, under the same lock, calls <paramref name="onSubscribed"/> with
    /// the stream's position, so whatever it queues (subscribed, replay, snapshot) comes before any later message.
    /// </summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="topic">Topic name.</param>
    /// <param name="subscriber">The connection's queue.</param>
    /// <param name="since">The last seq the client has, for resume (docs/protocol.md §3.4); null for none.</param>
    /// <param name="onSubscribed">Receives the current seq, the snapshot, and the messages after <paramref name="since"/>
    /// (null when they are no longer all in the history: the client must resync).</param>
    public void Subscribe(string tenant, string topic, IHubSubscriber subscriber, long? since, Action<SubscriptionStart> onSubscribed)
    {
        using var locked = LockLiveStream(tenant, topic);
        var stream = locked.Stream;
        if (Array.IndexOf(stream.Subscribers, subscriber) < 0)
        {
            stream.Subscribers = [.. stream.Subscribers, subscriber];
        }

        var notBefore = _time.GetUtcNow() - _historyTtl;
        // A feed's snapshot is its newest entries as of one tick; the entries published at ingest since then follow it,
        // or a client that subscribed between the two would never see them.
        var tail = Topics.IsFeed(topic) && stream.Snapshot is { } snapshot && snapshot.Seq < stream.Seq ? stream.After(snapshot.Seq, notBefore) : null;
        onSubscribed(new SubscriptionStart(stream.Seq, stream.Snapshot, since is { } s ? stream.After(s, notBefore) : null, tail));
    }

    /// <summary>Adds <paramref name="subscriber"/> for live messages only (no snapshot, no replay).</summary>
    public void Subscribe(string tenant, string topic, IHubSubscriber subscriber) =>
        Subscribe(tenant, topic, subscriber, since: null, static _ => { });

    /// <summary>Removes <paramref name="subscriber"/>; a no-op when it was not subscribed.</summary>
    public void Unsubscribe(string tenant, string topic, IHubSubscriber subscriber)
    {
        if (_streams.TryGetValue((tenant, topic), out var stream))
        {
            lock (stream)
            {
                stream.Subscribers = Array.FindAll(stream.Subscribers, s => !ReferenceEquals(s, subscriber));

                // A stream nobody reads and nobody has published to is dropped, so subscribing to arbitrary
                // campaign ids cannot grow memory. Retired streams are never reused: callers holding one retry.
                if (stream.Subscribers.Length == 0 && stream.Seq == 0 && !stream.HasWaiters)
                {
                    stream.Retired = true;
                    _streams.TryRemove(KeyValuePair.Create((tenant, topic), stream));
                }
            }
        }
    }

    /// <summary>
    /// Queues the topic's latest message (<see cref="Latest"/>) to <paramref name="subscriber"/> under the stream lock, so it
    /// cannot overtake a newer message (the manual refresh of docs/protocol.md §3.6). False when there is nothing yet.
    /// </summary>
    public bool Refresh(string tenant, string topic, IHubSubscriber subscriber)
    {
        if (!_streams.TryGetValue((tenant, topic), out var stream))
        {
            return false;
        }

        lock (stream)
        {
            if ((stream.Snapshot ?? stream.Last) is not { } latest)
            {
                return false;
            }

            subscriber.Deliver(latest);
            return true;
        }
    }
}

using System.Threading.Channels;

namespace Dashboard.Realtime;

/// <summary>
/// A connection's bounded outbound queue, shared by the WebSocket and SSE transports. Hub messages arrive from
/// publishers (under the stream lock, so <see cref="Deliver"/> never blocks); the connection's single send loop drains it.
/// </summary>
/// <remarks>
/// Backpressure: an unsent snapshot of a topic is superseded by a newer one of the same topic (coalescing: the old entry is
/// skipped, the new one appended, so seq order is kept). When the queue still exceeds its message or byte bound the
/// consumer is too slow: <see cref="Overflowed"/> fires once and the queue stops accepting, so one slow client costs
/// bounded memory and never delays the publisher or other clients.
/// </remarks>
internal sealed class SendQueue : IHubSubscriber
{
    private readonly Channel<Entry> _channel = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Entry> _pendingSnapshots = new(StringComparer.Ordinal);
    private readonly int _maxMessages;
    private readonly long _maxBytes;
    private readonly Action<string> _onCoalesced;
    private int _count;
    private long _bytes;
    private bool _closed;

    public SendQueue(int maxMessages, long maxBytes, Action<string> onCoalesced)
    {
        _maxMessages = maxMessages;
        _maxBytes = maxBytes;
        _onCoalesced = onCoalesced;
    }

    /// <summary>Raised once, on the publisher's thread, when the bounds are exceeded.</summary>
    public event Action? Overflowed;

    /// <summary>Messages waiting.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public void Deliver(HubMessage message)
    {
        Enqueue(new Entry(message.Json, message.IsSnapshot ? message.Topic : null, message));
    }

    /// <summary>Queues a connection-specific control message (already serialised). Control messages are never coalesced.</summary>
    public void EnqueueControl(ReadOnlyMemory<byte> json) => Enqueue(new Entry(json, null, null));

    /// <summary>Stops accepting; the reader sees the end after draining what is queued.</summary>
    public void Complete()
    {
        lock (_pendingSnapshots)
        {
            _closed = true;
        }

        _channel.Writer.TryComplete();
    }

    /// <summary>Waits for the next message; false when completed and drained.</summary>
    public async ValueTask<(bool Ok, ReadOnlyMemory<byte> Json, HubMessage? Message)> DequeueAsync(CancellationToken ct)
    {
        while (await _channel.Reader.WaitToReadAsync(ct))
        {
            while (_channel.Reader.TryRead(out var entry))
            {
                lock (_pendingSnapshots)
                {
                    if (entry.Superseded)
                    {
                        continue;
                    }

                    _count--;
                    _bytes -= entry.Json.Length;
                    if (entry.SnapshotTopic is { } topic && _pendingSnapshots.TryGetValue(topic, out var pending) && ReferenceEquals(pending, entry))
                    {
                        _pendingSnapshots.Remove(topic);
                    }
                }

                return (true, entry.Json, entry.Message);
            }
        }

        return (false, default, null);
    }

    private void Enqueue(Entry entry)
    {
        bool overflow;
        lock (_pendingSnapshots)
        {
            if (_closed)
            {
                return;
            }

            if (entry.SnapshotTopic is { } topic)
            {
                if (_pendingSnapshots.TryGetValue(topic, out var older))
                {
                    older.Superseded = true;
                    _count--;
                    _bytes -= older.Json.Length;
                    _onCoalesced(topic);
                }

                _pendingSnapshots[topic] = entry;
            }

            _count++;
            _bytes += entry.Json.Length;
            overflow = _count > _maxMessages || _bytes > _maxBytes;
            if (overflow)
            {
                _closed = true;
            }
            else
            {
                _channel.Writer.TryWrite(entry);
            }
        }

        if (overflow)
        {
            _channel.Writer.TryComplete();
            Overflowed?.Invoke();
        }
    }

    private sealed class Entry(ReadOnlyMemory<byte> json, string? snapshotTopic, HubMessage? message)
    {
        public ReadOnlyMemory<byte> Json { get; } = json;
        public string? SnapshotTopic { get; } = snapshotTopic;
        public HubMessage? Message { get; } = message;
        public bool Superseded { get; set; }
    }
}

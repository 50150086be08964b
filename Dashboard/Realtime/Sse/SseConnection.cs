using Dashboard.Auth;
using Dashboard.Observability;
using Dashboard.Realtime.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Dashboard.Realtime.Sse;

/// <summary>
/// One Server-Sent Events stream (docs/protocol.md §4; WHATWG HTML "Server-sent events"): the same hub subscriptions and
/// bounded <see cref="SendQueue"/> as a WebSocket, written as <c>id:</c>/<c>event:</c>/<c>data:</c> frames; every frame
/// ready is flushed together, so a lone message is on the wire at once and a burst costs one flush.
/// </summary>
internal sealed class SseConnection : IRealtimeConnection, ISendQueueOwner, IDisposable
{
    private const string Transport = "sse";
    private static readonly byte[] PingFrame = ": ping\n\n"u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private readonly HttpContext _context;
    private readonly TokenPrincipal _principal;
    private readonly RealtimeHub _hub;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _time;
    private readonly DashboardMetrics _metrics;
    private readonly SendQueue _queue;
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _end = new();
    private readonly Lock _state = new();
    private DateTimeOffset _nextPingAt;
    private bool _expired;
    // Why the stream ends, as the WebSocket close code of the same cause (dashboard_disconnects_total{code}); 0: the client left.
    private int _endCode;

    public SseConnection(HttpContext context, TokenPrincipal principal, RealtimeHub hub, RealtimeOptions options, TimeProvider time, DashboardMetrics metrics)
    {
        _context = context;
        _principal = principal;
        _hub = hub;
        _options = options;
        _time = time;
        _metrics = metrics;
        _nextPingAt = time.GetUtcNow() + TimeSpan.FromSeconds(options.SseHeartbeatSeconds);
        _queue = SendQueue.ForConnection(options, this);
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Streams until the client leaves, the token expires, the client falls too far behind, or the server stops.</summary>
    public async Task RunAsync(IReadOnlyList<string> topics, IReadOnlyDictionary<string, long>? since, ConnectionRegistry registry)
    {
        var response = _context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        _context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted, _end.Token);
        var ct = linked.Token;
        registry.Add(this);
        _metrics.ConnectionChanged(Transport, +1);
        try
        {
            // Subscribe before the headers reach the client, so nothing published after it sees the stream open is missed.
            foreach (var topic in topics)
            {
                Subscribe(topic, since is not null && since.TryGetValue(topic, out var s) ? s : null);
            }

            _metrics.SubscriptionsChanged(Transport, topics.Count);

            await response.Body.WriteAsync(Preamble(_options.SsePaddingBytes), ct);
            await response.Body.FlushAsync(ct);

            // Every message ready is written into the response pipe and the batch is flushed once: a flush per message
            // (three writes, each flushing) cost a pipe flush and a socket send per message (BENCHMARKS.md, optimisation 10).
            var writer = response.BodyWriter;
            while (true)
            {
                var (ok, json, message) = await _queue.DequeueAsync(ct);
                if (!ok)
                {
                    break;
                }

                // As the WebSocket's batches: at most SendQueue.BatchMessages messages and BatchBytes of payload, a
                // larger message alone.
                long count = 0, bytes = 0, payload = 0;
                do
                {
                    bytes += Write(writer, json, message);
                    payload += json.Length;
                    count++;
                }
                while (count < SendQueue.BatchMessages && payload < SendQueue.BatchBytes
                    && _queue.TryDequeue((int)(SendQueue.BatchBytes - payload), out json, out message));

                var flushed = await writer.FlushAsync(ct);
                _metrics.MessageSent(Transport, bytes, count);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Client gone, shutdown, or slow consumer: the stream just ends; EventSource reconnects with Last-Event-ID.
        }
        finally
        {
            foreach (var topic in topics)
            {
                _hub.Unsubscribe(_principal.Tenant, topic, _queue);
            }

            _metrics.SubscriptionsChanged(Transport, -topics.Count);

            registry.Remove(this);
            _metrics.ConnectionChanged(Transport, -1);
            _metrics.Disconnected(Transport, EndCode());
        }
    }

    public void Sweep(DateTimeOffset now)
    {
        bool ping = false, expire = false;
        lock (_state)
        {
            if (_expired)
            {
                return;
            }

            if (now >= _principal.ExpiresAt)
            {
                expire = _expired = true;
            }
            else if (now >= _nextPingAt)
            {
                ping = true;
                _nextPingAt = now + TimeSpan.FromSeconds(_options.SseHeartbeatSeconds);
            }
        }

        if (ping)
        {
            _queue.EnqueueControl(PingFrame);
        }
        else
        {
            _queue.TrimIfIdle();
        }

        if (expire)
        {
            SetEndCode(CloseCodes.TokenExpired);
            _queue.EnqueueControl(ControlFrame("error", ServerMessages.Error(null, "token_expired", "the token expired; reconnect with a new one", now)));
            _queue.Complete();
        }
    }

    void ISendQueueOwner.Coalesced(string topic) => _metrics.MessageDropped(Transport, "coalesced");

    void ISendQueueOwner.Resumed(bool replayed) => _metrics.Resumed(Transport, replayed);

    void ISendQueueOwner.Overflowed()
    {
        _metrics.MessageDropped(Transport, "slow_consumer");
        _metrics.SlowConsumerClosed(Transport);
        SetEndCode(CloseCodes.Policy);
        _queue.Complete();
        End();
    }

    byte[] ISendQueueOwner.ResyncFrame(string topic) => ControlFrame("resync", ServerMessages.Resync(topic, _time.GetUtcNow()));

    public void Shutdown()
    {
        SetEndCode(CloseCodes.GoingAway);
        End();
    }

    public void Dispose() => _end.Dispose();

    // The first cause wins, as the first RequestClose does on a WebSocket.
    private void SetEndCode(int code)
    {
        lock (_state)
        {
            if (_endCode == 0)
            {
                _endCode = code;
            }
        }
    }

    // The client leaving (RequestAborted) has no close frame on SSE: counted as 1001 "going away", a closed tab.
    private int EndCode()
    {
        lock (_state)
        {
            return _endCode != 0 ? _endCode : CloseCodes.GoingAway;
        }
    }

    private void End()
    {
        try
        {
            // Asynchronous: on overflow this runs on a publisher's thread under the hub's stream lock, and a synchronous
            // Cancel would run the stream's continuations (which unsubscribe from other streams) right there.
            _ = _end.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private void Subscribe(string topic, long? since)
    {
        // The resume token only ever names positions the client really has: its own since, then what FrameHead announced.
        if (since is { } position)
        {
            lock (_positions)
            {
                _positions[topic] = position;
            }
        }

        _hub.Subscribe(_principal.Tenant, topic, _queue, since, start =>
            _queue.Begin(start, since, () => ControlFrame("resync", ServerMessages.Resync(topic, _time.GetUtcNow()))));
    }

    // One frame into the response pipe, unflushed; returns its bytes. A control frame (ping comment, resync, end) is
    // written as it is; for a hub message only the head is ours, its JSON is the hub's bytes shared by every subscriber.
    private long Write(PipeWriter writer, ReadOnlyMemory<byte> json, HubMessage? message)
    {
        if (message is null)
        {
            writer.Write(json.Span);
            return json.Length;
        }

        var head = FrameHead(message);
        writer.Write(head);
        writer.Write(message.Json.Span);
        writer.Write(FrameEnd);
        return head.Length + message.Json.Length + FrameEnd.Length;
    }

    private byte[] FrameHead(HubMessage message)
    {
        string id;
        lock (_positions)
        {
            // A topic's messages leave the queue in seq order (after a resync, from the snapshot on), so the one being
            // written is the client's new position even when it is below a stale since from another epoch.
            _positions[message.Topic] = message.Seq;

            id = ResumeToken.Format(_positions);
        }

        return Encoding.UTF8.GetBytes($"id: {id}\nevent: {message.Type}\ndata: ");
    }

    private static byte[] ControlFrame(string eventType, byte[] json) =>
        [.. Encoding.UTF8.GetBytes($"event: {eventType}\ndata: "), .. json, (byte)'\n', (byte)'\n'];

    // The padding comment defeats proxies that hold back small responses; retry tells EventSource how long to wait.
    private static byte[] Preamble(int paddingBytes)
    {
        var padding = paddingBytes > 3 ? ":" + new string(' ', paddingBytes - 2) + "\n" : "";
        return Encoding.ASCII.GetBytes(padding + "retry: 3000\n\n");
    }
}

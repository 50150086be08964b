using Dashboard.Auth;
using Dashboard.Observability;
using System.Buffers;
using System.Net.WebSockets;

namespace Dashboard.Realtime.WebSockets;

/// <summary>
/// One client WebSocket (docs/protocol.md §3): a receive loop and a send loop raced with <see cref="Task.WhenAny(Task[])"/>,
/// a bounded <see cref="SendQueue"/>, and a bounded closing handshake that ends in <see cref="WebSocket.Abort"/>.
/// </summary>
/// <remarks>
/// Only the send loop sends messages and close frames (the runtime's WebSocket answers a client's ping frame itself,
/// through the same <see cref="UpgradedStream"/>). Receives are never cancelled by timeouts, because
/// cancelling a pending receive aborts the socket and the client would never see the close code; timeouts are decided
/// by the shared <see cref="HeartbeatSweeper"/>, which asks the send loop to close.
/// </remarks>
internal sealed partial class WebSocketConnection : IRealtimeConnection, ISendQueueOwner
{
    private const string Transport = "websocket";

    private readonly WebSocket _socket;
    private readonly UpgradedStream _transport;
    private readonly RealtimeHub _hub;
    private readonly TokenService _tokens;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _time;
    private readonly DashboardMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SendQueue _queue;
    // The subscribed topics, at most Realtime:MaxSubscriptions: an exact-size array scanned linearly holds one topic in
    // 32 bytes where a HashSet took about 200, and only the receive loop touches it (RunAsync's finally after it ends).
    private string[] _topics = [];
    private readonly TaskCompletionSource _closeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _state = new();
    private readonly DateTimeOffset _connectedAt;
    private TokenPrincipal? _principal;
    private int _closeCode;
    private string _closeReason = "";
    private bool _drainBeforeClose;
    // The peer's close code when it closed first (1005 when its close frame had none); 0 when it did not.
    private int _peerCloseCode;

    /// <param name="socket">The accepted WebSocket; it reads, and writes its own control frames (close, pong).</param>
    /// <param name="transport">The stream under <paramref name="socket"/>, where the send loop writes its batches of frames.</param>
    /// <param name="hub">The hub the connection subscribes to.</param>
    /// <param name="tokens">Validates the <c>auth</c> message's token.</param>
    /// <param name="options">Realtime options (bounds, timeouts).</param>
    /// <param name="time">The clock of the heartbeat and the close timeout.</param>
    /// <param name="metrics">Connection, message and disconnect counters.</param>
    /// <param name="logger">The connection's log.</param>
    public WebSocketConnection(WebSocket socket, UpgradedStream transport, RealtimeHub hub, TokenService tokens, RealtimeOptions options, TimeProvider time, DashboardMetrics metrics, ILogger logger)
    {
        _socket = socket;
        _transport = transport;
        _hub = hub;
        _tokens = tokens;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _connectedAt = time.GetUtcNow();
        _nextPingAt = _connectedAt + TimeSpan.FromSeconds(options.HeartbeatSeconds);
        _queue = SendQueue.ForConnection(options, this);
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Runs the connection until it is closed; never throws for client misbehaviour.</summary>
    public async Task RunAsync(ConnectionRegistry registry)
    {
        registry.Add(this);
        _metrics.ConnectionChanged(Transport, +1);
        LogOpened(Id);
        var disconnectCode = 1006; // RFC 6455 §7.1.5 "abnormal closure", should anything below throw first
        try
        {
            var send = SendLoopAsync();
            var receive = ReceiveLoopAsync();
            await Task.WhenAny(send, receive, _closeRequested.Task);
            disconnectCode = DisconnectCode();

            // Whoever ended first, the other side gets a bounded time to finish the closing handshake.
            RequestClose((int)WebSocketCloseStatus.NormalClosure, "", drain: true);
            var both = Task.WhenAll(send, receive);
            using (var timeout = new CancellationTokenSource())
            {
                if (await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(_options.CloseTimeoutSeconds), _time, timeout.Token)) != both)
                {
                    _socket.Abort();
                }

                await timeout.CancelAsync();
            }

            await both;
        }
        finally
        {
            foreach (var topic in _topics)
            {
                _hub.Unsubscribe(_principal!.Tenant, topic, _queue);
            }

            _metrics.SubscriptionsChanged(Transport, -_topics.Length);

            registry.Remove(this);
            _metrics.ConnectionChanged(Transport, -1);
            _metrics.Disconnected(Transport, disconnectCode);
            LogClosed(Id, _closeCode, _closeReason);
        }
    }

    /// <summary>Asks the send loop to close with <paramref name="code"/>; the first request wins.</summary>
    /// <param name="code">Close code (<see cref="CloseCodes"/>).</param>
    /// <param name="reason">Close reason (UTF-8, at most 123 bytes per RFC 6455 §5.5).</param>
    /// <param name="drain">Send what is queued first (e.g. the <c>error</c> explaining the close); false drops it.</param>
    private void RequestClose(int code, string reason, bool drain)
    {
        lock (_state)
        {
            if (_closeCode != 0)
            {
                return;
            }

            _closeCode = code;
            _closeReason = reason;
            _drainBeforeClose = drain;
        }

        _queue.Complete();
        _closeRequested.TrySetResult();
    }

    /// <summary>
    /// The <c>code</c> of <c>dashboard_disconnects_total</c>: the server's close code when it asked to close first, else
    /// the peer's (1005 when its close frame carried none), else 1006 (RFC 6455 §7.1.5: closed without a close frame).
    /// </summary>
    private int DisconnectCode()
    {
        lock (_state)
        {
            return _closeCode != 0 ? _closeCode : _peerCloseCode != 0 ? _peerCloseCode : 1006;
        }
    }

    private void PeerClosed()
    {
        lock (_state)
        {
            _peerCloseCode = (int)(_socket.CloseStatus ?? WebSocketCloseStatus.Empty);
        }
    }

    private (int Code, string Reason, bool Drain) CloseState()
    {
        lock (_state)
        {
            return (_closeCode, _closeReason, _drainBeforeClose);
        }
    }

    public void Shutdown() => RequestClose(CloseCodes.GoingAway, "server shutting down", drain: false);

    private async Task ReceiveLoopAsync()
    {
        byte[]? buffer = null;
        var closing = false;
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                // Zero-byte read: an idle connection holds no receive buffer (aspnetcore's WebSocket transport does the same).
                var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (peek.MessageType == WebSocketMessageType.Close)
                {
                    PeerClosed();
                    return;
                }

                // Rented per message and returned after it, so an idle connection holds none (4 KiB each otherwise).
                buffer = ArrayPool<byte>.Shared.Rent(4096);
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxMessageBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        PeerClosed();
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        RequestClose(CloseCodes.UnsupportedData, "binary frames are not supported", drain: false);
                        return;
                    }

                    length += result.Count;
                    if (length > _options.MaxMessageBytes)
                    {
                        RequestClose(CloseCodes.MessageTooBig, "message too big", drain: false);
                        return;
                    }

                    if (result.EndOfMessage)
                    {
                        break;
                    }
                }

                // Once a close is requested the rest is read and dropped until the client's Close frame (RFC 6455
                // §7.1.1; RunAsync bounds the wait): ending the receive loop at once would tear the TCP connection
                // down under a client still writing, which then sees a reset instead of the close code.
                if (!closing && !await HandleMessageAsync(buffer.AsMemory(0, length)))
                {
                    closing = true;
                }

                ArrayPool<byte>.Shared.Return(buffer);
                buffer = null;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Connection reset or aborted: treated as a close.
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void Enqueue(byte[] json) => _queue.EnqueueControl(json);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} opened")]
    private partial void LogOpened(string connectionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} closed with {CloseCode} {CloseReason}")]
    private partial void LogClosed(string connectionId, int closeCode, string closeReason);
}

using System.Buffers;
using System.Net.WebSockets;

namespace Dashboard.Realtime.WebSockets;

/// <summary>
/// The send half of <see cref="WebSocketConnection"/>: the one loop that sends messages, each wake-up taking every
/// message ready and writing them as whole frames with one write (<see cref="UpgradedStream"/>), then the close frame.
/// </summary>
internal sealed partial class WebSocketConnection
{
    // Most sent messages counted before the counters are updated (see SendLoopAsync).
    private const int MetricsBatch = 64;

    private async Task SendLoopAsync()
    {
        // Sent messages are counted in batches: a counter update per message (a labelled-series lookup, twice) was
        // ~6 % of the fan-out's CPU. The batch is recorded whenever the queue runs empty, so an idle connection's counts are
        // as current as before, and at least every MetricsBatch messages under load.
        long sent = 0, sentBytes = 0;
        try
        {
            while (true)
            {
                var ready = _queue.WaitToReadAsync();
                if (sent > 0 && (!ready.IsCompleted || sent >= MetricsBatch))
                {
                    _metrics.MessageSent(Transport, sentBytes, sent);
                    (sent, sentBytes) = (0, 0);
                }

                if (!await ready || CloseState() is (not 0, _, false))
                {
                    break;
                }

                // Both arrays are rented per batch and returned before the next wait, so an idle connection holds neither.
                var messages = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(SendQueue.BatchMessages);
                byte[]? frames = null;
                try
                {
                    var count = _queue.TryDequeueBatch(messages.AsSpan(0, SendQueue.BatchMessages), SendQueue.BatchBytes);
                    if (count == 0)
                    {
                        continue;
                    }

                    var (length, payload) = (0, 0L);
                    foreach (var message in messages.AsSpan(0, count))
                    {
                        length += WebSocketFrames.FrameBytes(message.Length);
                        payload += message.Length;
                    }

                    frames = ArrayPool<byte>.Shared.Rent(length);
                    var at = 0;
                    foreach (var message in messages.AsSpan(0, count))
                    {
                        at += WebSocketFrames.WriteText(frames.AsSpan(at), message.Span);
                    }

                    if (!await _transport.WriteFramesAsync(frames.AsMemory(0, length)))
                    {
                        // The runtime's WebSocket already closed (a protocol error by the client): nothing may follow.
                        break;
                    }

                    sent += count;
                    sentBytes += payload;
                }
                finally
                {
                    // Cleared so the pool does not keep the messages' bytes alive.
                    ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(messages, clearArray: true);
                    if (frames is not null)
                    {
                        ArrayPool<byte>.Shared.Return(frames);
                    }
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (code, reason, _) = CloseState();
                await _socket.CloseOutputAsync(code == 0 ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)code, reason, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The peer vanished or the socket was aborted after the close timeout: nothing left to send to.
        }
        finally
        {
            if (sent > 0)
            {
                _metrics.MessageSent(Transport, sentBytes, sent);
            }
        }
    }
}

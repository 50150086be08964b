using Dashboard.Benchmarks.Shared;
using System.Net.WebSockets;

namespace Dashboard.Benchmarks.Soak;

/// <summary>
/// The soak scenario's dashboard pages: N WebSocket clients in this process, each authenticated for one tenant and
/// subscribed to one page's topics, kept connected for the whole run (a client the server closes reconnects after a
/// second, counted). Every data message's delivery latency (receipt − its <c>ts</c>, the publication time, on this
/// machine's one clock) goes into one of a few sharded histograms that <see cref="TakeInterval"/> swaps out.
/// </summary>
internal sealed class SoakClients : IAsyncDisposable
{
    private const int Shards = 16;
    private const int ConnectParallelism = 32;

    /// <summary>
    /// A client times messages only from this long after its subscription: the snapshots sent on subscribe carry the
    /// time they were published, up to a tick (or for event topics, longer) before.
    /// </summary>
    private static readonly TimeSpan SettleAfterSubscribe = TimeSpan.FromSeconds(3);

    private readonly LatencyHistogram[] _shards = [.. Enumerable.Range(0, Shards).Select(_ => new LatencyHistogram())];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _messages, _bytes, _reconnects;
    private int _connected;
    private readonly Dictionary<string, int> _closeReasons = [];

    /// <summary>Clients connected and subscribed now.</summary>
    public int Connected => Volatile.Read(ref _connected);

    /// <summary>Times a client was closed or failed and connected again.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Why connections ended before the run did, by reason, for the report.</summary>
    public IReadOnlyDictionary<string, int> CloseReasons
    {
        get
        {
            lock (_closeReasons)
            {
                return new Dictionary<string, int>(_closeReasons);
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="count"/> clients, client <c>i</c> with <paramref name="tokens"/>[i % tokens] and
    /// <paramref name="pages"/>[(i / tokens) % pages]; returns once every one is subscribed (or failed three times).
    /// </summary>
    public static async Task<SoakClients> StartAsync(Uri server, int count, IReadOnlyList<string> tokens, IReadOnlyList<string[]> pages, CancellationToken ct)
    {
        var fleet = new SoakClients();
        var ws = new UriBuilder(new Uri(server, "/ws")) { Scheme = "ws" }.Uri;
        using var gate = new SemaphoreSlim(ConnectParallelism);
        var first = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var (token, topics, shard) = (tokens[i % tokens.Count], pages[i / tokens.Count % pages.Count], i % Shards);
            fleet._loops.Add(Task.Run(() => fleet.KeepAsync(ws, token, topics, shard, gate, connected), CancellationToken.None));
            first.Add(connected.Task);
        }

        try
        {
            await Task.WhenAll(first).WaitAsync(ct);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    /// <summary>Latencies, messages and bytes received since the previous call, and resets them.</summary>
    public (LatencyHistogram Latency, long Messages, long Bytes) TakeInterval()
    {
        var merged = new LatencyHistogram();
        for (var i = 0; i < Shards; i++)
        {
            var fresh = new LatencyHistogram();
            LatencyHistogram old;
            lock (_shards)
            {
                old = _shards[i];
                _shards[i] = fresh;
            }

            // A writer that read the old shard before the swap records under the old shard's own lock, taken here too.
            lock (old)
            {
                merged.Add(old);
            }
        }

        return (merged, Interlocked.Exchange(ref _messages, 0), Interlocked.Exchange(ref _bytes, 0));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    // Connects (the first time under the shared gate), runs until the server ends the connection, and reconnects
    // until the fleet is disposed.
    private async Task KeepAsync(Uri ws, string token, string[] topics, int shard, SemaphoreSlim gate, TaskCompletionSource connected)
    {
        var attempts = 0;
        while (!_stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            string? ended = null;
            var counted = false;
            try
            {
                // Only the first connection of each client waits for the gate: the gate is disposed once all are in.
                if (connected.Task.IsCompleted)
                {
                    await SoakWire.ConnectAsync(socket, ws, token, topics, _stop.Token);
                }
                else
                {
                    await gate.WaitAsync(_stop.Token);
                    try
                    {
                        await SoakWire.ConnectAsync(socket, ws, token, topics, _stop.Token);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                Interlocked.Increment(ref _connected);
                counted = true;
                connected.TrySetResult();
                ended = await ReceiveAsync(socket, shard, _stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                // The run is over.
            }
            catch (Exception ex)
            {
                // Any failure of one client is counted and the client reconnects: the soak keeps its load.
                ended = ex.GetType().Name + ": " + ex.Message;
            }
            finally
            {
                if (counted)
                {
                    Interlocked.Decrement(ref _connected);
                }

                socket.Abort();
            }

            if (_stop.IsCancellationRequested)
            {
                break;
            }

            lock (_closeReasons)
            {
                var reason = ended ?? "ended";
                _closeReasons[reason] = _closeReasons.GetValueOrDefault(reason) + 1;
            }

            if (!connected.Task.IsCompleted && ++attempts >= 3)
            {
                connected.TrySetResult();
            }

            Interlocked.Increment(ref _reconnects);
            try
            {
                await Task.Delay(1000, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        connected.TrySetResult();
    }

    // Receives until the server closes; returns why. Only the head of a message is kept (its type and ts come first).
    private async Task<string> ReceiveAsync(ClientWebSocket socket, int shard, CancellationToken ct)
    {
        var settled = DateTime.UtcNow + SettleAfterSubscribe;
        var buffer = new byte[4096];
        while (true)
        {
            var filled = 0;
            long size = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                // Once the head is in, the rest of the message is read over the buffer's tail and dropped.
                var target = filled < 512 ? buffer.AsMemory(filled) : buffer.AsMemory(512);
                result = await socket.ReceiveAsync(target, ct);
                if (filled < 512)
                {
                    filled += result.Count;
                }

                size += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            var now = DateTime.UtcNow;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return $"closed {(int?)socket.CloseStatus} {socket.CloseStatusDescription}";
            }

            var head = buffer.AsSpan(0, Math.Min(filled, 512));
            if (head.StartsWith("{\"type\":\"ping\""u8))
            {
                await SoakWire.SendAsync(socket, """{"type":"pong"}""", ct);
                continue;
            }

            Interlocked.Increment(ref _messages);
            Interlocked.Add(ref _bytes, size);
            if (now >= settled && !head.StartsWith("{\"type\":\"subscribed\""u8) && head.IndexOf("\"seq\":"u8) >= 0 && SoakWire.Published(head) is { } ts)
            {
                Record(shard, (long)((now - ts).TotalMilliseconds * 1000));
            }
        }
    }

    private void Record(int shard, long micros)
    {
        LatencyHistogram histogram;
        lock (_shards)
        {
            histogram = _shards[shard];
        }

        lock (histogram)
        {
            histogram.Record(micros);
        }
    }

}

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Dashboard.Tests.Faults;

/// <summary>
/// A WebSocket client subscribed to one topic that records every message in the background (answering the server's
/// pings), so a test can check afterwards that the topic's <c>seq</c> had no gap and which events arrived.
/// </summary>
internal sealed class StreamRecorder : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeWait = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;
    private readonly string _topic;
    private readonly List<JsonElement> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StreamRecorder(ClientWebSocket socket, string topic)
    {
        _socket = socket;
        _topic = topic;
    }

    /// <summary>The <c>seq</c> the <c>subscribed</c> answer reported (the stream's position when subscribing).</summary>
    public long SubscribedSeq { get; private set; }

    /// <summary>The connection's state now.</summary>
    public WebSocketState State => _socket.State;

    /// <summary>Why the receive loop ended, when it has (close frame, reset); null while it runs.</summary>
    public string? Ended { get; private set; }

    /// <summary>
    /// Connects to <paramref name="baseAddress"/>'s <c>/ws</c>, authenticates with <paramref name="token"/> and subscribes
    /// to <paramref name="topic"/> (from <paramref name="since"/> when given), then records in the background.
    /// </summary>
    public static async Task<StreamRecorder> ConnectAsync(Uri baseAddress, string token, string topic, long? since = null)
    {
        var socket = new ClientWebSocket();
        var recorder = new StreamRecorder(socket, topic);
        using var wait = new CancellationTokenSource(HandshakeWait);
        await socket.ConnectAsync(new UriBuilder(baseAddress) { Scheme = "ws", Path = "/ws" }.Uri, wait.Token);
        await recorder.SendAsync(new { type = "auth", token }, wait.Token);
        var auth = await recorder.ReadAsync(wait.Token) ?? throw new Xunit.Sdk.XunitException("closed during auth");
        Assert.Equal("auth_success", auth.GetProperty("type").GetString());
        object subscribe = since is { } s
            ? new { type = "subscribe", id = "s1", topics = new[] { topic }, since = new Dictionary<string, long> { [topic] = s } }
            : new { type = "subscribe", id = "s1", topics = new[] { topic } };
        await recorder.SendAsync(subscribe, wait.Token);
        while (true)
        {
            var message = await recorder.ReadAsync(wait.Token) ?? throw new Xunit.Sdk.XunitException("closed before subscribed");
            if (message.GetProperty("type").GetString() == "subscribed")
            {
                recorder.SubscribedSeq = message.GetProperty("seq").GetInt64();
                break;
            }
        }

        recorder._loop = Task.Run(recorder.RecordAsync);
        return recorder;
    }

    /// <summary>Every message recorded after <c>subscribed</c>, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The recorded data messages of the topic (those with a <c>seq</c>), in arrival order.</summary>
    public IReadOnlyList<JsonElement> DataMessages =>
        [.. Messages.Where(m => m.TryGetProperty("seq", out _) && m.TryGetProperty("topic", out var t) && t.GetString() == _topic)];

    /// <summary>The last data message's <c>seq</c>, or <see cref="SubscribedSeq"/> before any.</summary>
    public long LastSeq => DataMessages is { Count: > 0 } data ? data[^1].GetProperty("seq").GetInt64() : SubscribedSeq;

    /// <summary>True when a <c>resync</c> for the topic was recorded.</summary>
    public bool Resynced => Messages.Any(m => m.GetProperty("type").GetString() == "resync");

    /// <summary>The call ids of the recorded <c>call_event</c>s of kind <paramref name="kind"/> (e.g. <c>call_started</c>).</summary>
    public HashSet<string> CallIds(string kind) =>
        [.. DataMessages
            .Where(m => m.GetProperty("type").GetString() == "call_event" && m.GetProperty("data").GetProperty("event").GetString() == kind)
            .Select(m => m.GetProperty("data").GetProperty("callId").GetString()!)];

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test with <paramref name="what"/> after <paramref name="deadline"/>.</summary>
    public async Task WaitUntilAsync(Func<StreamRecorder, bool> condition, TimeSpan deadline, string what)
    {
        using var giveUp = new CancellationTokenSource(deadline);
        while (!condition(this))
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(this))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{what}: not within {deadline.TotalSeconds} s (last seq {LastSeq}, {Messages.Count} messages, ended: {Ended ?? "no"})");
            }
        }
    }

    /// <summary>
    /// What a client lost without being told: in one pass over <paramref name="messages"/> (everything recorded, in order),
    /// a <c>seq</c> that went backwards, and a skipped <c>seq</c> that the backplane log (<c>realtime_messages</c>) does
    /// not hold as a snapshot. A snapshot may be skipped by design: an unsent one is replaced in the send queue by a newer
    /// one of the same topic (docs/protocol.md §3.11), so a client that reads slower than a burst sees the newer
    /// snapshot's <c>seq</c> jump; an event is never skipped silently. A jump right after a <c>resync</c> of the topic was
    /// announced (the client started again from the snapshot that follows it, docs/protocol.md §9) and is no loss; when that
    /// snapshot is older than what the client had (the stream's newest snapshot was published before the lost seqs), the
    /// message after it jumps over them too, as announced.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LossesAsync(
        string connectionString, string tenant, string topic, long subscribedSeq, IReadOnlyList<JsonElement> messages)
    {
        var losses = new List<string>();
        var skipped = new List<long>();
        var jumps = new List<string>();
        var last = subscribedSeq;
        var first = true;
        var resynced = false;
        var lastBeforeResync = 0L;
        var afterOlderSnapshot = false;
        foreach (var m in messages)
        {
            if (!m.TryGetProperty("topic", out var t) || t.GetString() != topic)
            {
                continue;
            }

            if (m.GetProperty("type").GetString() == "resync")
            {
                resynced = true;
                lastBeforeResync = last;
                continue;
            }

            if (!m.TryGetProperty("seq", out var s))
            {
                continue;
            }

            var seq = s.GetInt64();
            if (resynced)
            {
                // The snapshot after a resync is the stream's newest, which may be older than what the client had: the
                // message after it then jumps over the lost seqs, as announced (docs/protocol.md §9).
                resynced = false;
                afterOlderSnapshot = seq <= lastBeforeResync;
            }
            else if (afterOlderSnapshot && seq > last)
            {
                afterOlderSnapshot = false;
            }
            else if (seq <= last && !(first && seq == last))
            {
                losses.Add($"{last}→{seq} out of order");
            }
            else
            {
                if (seq > last + 1)
                {
                    jumps.Add($"{last}→{seq} ({m.GetProperty("type").GetString()}{(m.TryGetProperty("ts", out var at) ? " at " + at.GetString() : "")})");
                }

                for (var missing = last + 1; missing < seq; missing++)
                {
                    skipped.Add(missing);
                }
            }

            first = false;
            last = seq;
        }

        if (skipped.Count == 0)
        {
            return losses;
        }

        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "SELECT seq, type, is_snapshot FROM realtime_messages WHERE tenant = $1 AND topic = $2 AND seq = ANY($3)", connection);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(topic);
        cmd.Parameters.AddWithValue(skipped.ToArray());
        var logged = new Dictionary<long, (string Type, bool IsSnapshot)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            logged[reader.GetInt64(0)] = (reader.GetString(1), reader.GetBoolean(2));
        }

        var unexplained = skipped.Where(seq => !(logged.TryGetValue(seq, out var m) && m.IsSnapshot)).ToList();
        if (unexplained.Count > 0)
        {
            // Where the stream jumped (and to what) says more than the list of seqs when this fails.
            losses.Add($"unannounced jumps: {string.Join(", ", jumps)}");
        }

        losses.AddRange(unexplained
            .Select(seq => logged.TryGetValue(seq, out var m) ? $"seq {seq} ({m.Type}) skipped" : $"seq {seq} skipped, not in the log"));
        return losses;
    }

    /// <summary>
    /// The places where <c>seq</c> did not go up by one, as "a→b" (the snapshot right after subscribing may repeat the
    /// subscribed position). Empty when the stream had no gap.
    /// </summary>
    public static IReadOnlyList<string> Gaps(long subscribedSeq, IEnumerable<JsonElement> data)
    {
        var gaps = new List<string>();
        var last = subscribedSeq;
        var first = true;
        foreach (var seq in data.Select(m => m.GetProperty("seq").GetInt64()))
        {
            if (!(seq == last + 1 || (first && seq == last)))
            {
                gaps.Add($"{last}→{seq}");
            }

            first = false;
            last = seq;
        }

        return gaps;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or WebSocketException)
        {
            // Ending anyway.
        }

        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", close.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server may already be gone.
            }
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task RecordAsync()
    {
        try
        {
            while (await ReadAsync(_stop.Token) is { } message)
            {
                if (message.GetProperty("type").GetString() == "ping")
                {
                    await SendAsync(new { type = "pong" }, _stop.Token);
                    continue;
                }

                lock (_messages)
                {
                    _messages.Add(message);
                }

                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            Ended = $"closed {_socket.CloseStatus} {_socket.CloseStatusDescription}";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Ended = "stopped by the test";
        }
        catch (WebSocketException ex)
        {
            Ended = $"reset: {ex.Message}";
        }

        _changed.TrySetResult();
    }

    private Task SendAsync(object message, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, ct);

    private async Task<JsonElement?> ReadAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var ms = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            ms.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(ms.ToArray()).RootElement.Clone();
            }
        }
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Benchmarks;

/// <summary>
/// When each event was sent (Stopwatch ticks, by event number; 0 until sent), written by the producer before its POST
/// and read by every client on receipt. Events below <see cref="FirstMeasured"/> are warm-up: received, not timed.
/// </summary>
internal sealed class SendTimes(long events, long firstMeasured)
{
    private readonly long[] _ticks = new long[events];

    public long Events => _ticks.Length;

    public long FirstMeasured => firstMeasured;

    public void Sent(long first, int count, long ticks)
    {
        for (var i = first; i < first + count; i++)
        {
            Volatile.Write(ref _ticks[i], ticks);
        }
    }

    public long this[long n] => n >= 0 && n < _ticks.Length ? Volatile.Read(ref _ticks[n]) : 0;
}

/// <summary>
/// One subscribed client's receipts: each <c>call_event</c> is matched to its send time by its call id and kind, and the
/// latency goes into this client's own histogram (merged after the run: no shared counters on the hot path).
/// </summary>
internal abstract class LatencyClient(SendTimes sendTimes, string callPrefix)
{
    private readonly byte[] _callMarker = Encoding.UTF8.GetBytes($"\"callId\":\"{callPrefix}");

    public LatencyHistogram Histogram { get; } = new();

    /// <summary>call_events received (warm-up included); read by the run while it waits for the last deliveries.</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Set when the connection ended before the run did (e.g. closed as a slow consumer).</summary>
    public string? Ended { get; protected set; }

    private long _received;

    /// <summary>Runs until <paramref name="ct"/> or the server ends the connection.</summary>
    public abstract Task RunAsync(CancellationToken ct);

    private static ReadOnlySpan<byte> EventMarker => "\"event\":\"call_"u8;

    /// <summary>Times one server message received at <paramref name="now"/> when it is one of the run's call events.</summary>
    protected void OnMessage(ReadOnlySpan<byte> message, long now)
    {
        var e = message.IndexOf(EventMarker);
        var c = message.IndexOf(_callMarker);
        if (e < 0 || c < 0 || e + EventMarker.Length >= message.Length)
        {
            return;
        }

        var step = message[e + EventMarker.Length] switch { (byte)'s' => 0, (byte)'a' => 1, _ => 2 };
        long call = 0;
        for (var i = c + _callMarker.Length; i < message.Length && message[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            call = (call * 10) + (message[i] - '0');
        }

        var n = CallEventBodies.EventNumber(call, step);
        Interlocked.Increment(ref _received);
        var sent = sendTimes[n];
        if (n >= sendTimes.FirstMeasured && sent != 0)
        {
            Histogram.RecordTicks(now - sent);
        }
    }
}

/// <summary>A WebSocket client: <c>auth</c>, <c>subscribe</c> to one topic, then receive, answering the server's pings.</summary>
internal sealed class WebSocketLatencyClient(SendTimes sendTimes, string callPrefix) : LatencyClient(sendTimes, callPrefix)
{
    private readonly ClientWebSocket _socket = new();

    /// <summary>Connects, authenticates and subscribes; returns once the server confirmed the subscription.</summary>
    public async Task ConnectAsync(Uri ws, string token, string topic, CancellationToken ct)
    {
        await _socket.ConnectAsync(ws, ct);
        await SendAsync($$"""{"type":"auth","token":"{{token}}"}""", ct);
        await ExpectAsync("\"type\":\"auth_success\"", ct);
        await SendAsync($$"""{"type":"subscribe","id":"s1","topics":["{{topic}}"]}""", ct);
        await ExpectAsync("\"type\":\"subscribed\"", ct);
    }

    public override async Task RunAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), ct);
                var now = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Ended = $"closed {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    return;
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    continue;
                }

                var message = buffer.AsSpan(0, filled);
                filled = 0;
                if (message.StartsWith("{\"type\":\"ping\""u8))
                {
                    await SendAsync("""{"type":"pong"}""", ct);
                    continue;
                }

                OnMessage(message, now);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The run is over: however the socket reports being aborted, this client did not end early.
        }
        catch (WebSocketException ex)
        {
            Ended = ex.Message;
        }
        finally
        {
            _socket.Abort();
            _socket.Dispose();
        }
    }

    private Task SendAsync(string text, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    // Handshake replies are small; anything else before the expected one (a snapshot) is skipped.
    private async Task ExpectAsync(string marker, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed during the handshake: {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text.Contains("\"type\":\"error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"handshake error: {text}");
            }

            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}

/// <summary>An SSE client: <c>GET /sse?topics=…</c> with a bearer token, reading <c>data:</c> lines as they arrive.</summary>
internal sealed class SseLatencyClient(SendTimes sendTimes, string callPrefix) : LatencyClient(sendTimes, callPrefix)
{
    private Stream? _stream;
    private HttpResponseMessage? _response;

    /// <summary>Opens the stream; the server subscribes before it sends the headers, so this returns subscribed.</summary>
    public async Task ConnectAsync(HttpClient http, Uri sse, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, sse);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        _response.EnsureSuccessStatusCode();
        _stream = await _response.Content.ReadAsStreamAsync(ct);
    }

    public override async Task RunAsync(CancellationToken ct)
    {
        var stream = _stream ?? throw new InvalidOperationException("not connected");
        var buffer = new byte[16 * 1024];
        int start = 0, end = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        (start, end) = (0, end - start);
                    }
                    else
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), ct);
                var now = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    Ended = "stream ended";
                    return;
                }

                end += read;
                int newline;
                while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
                {
                    var line = buffer.AsSpan(start, newline);
                    if (line.StartsWith("data: "u8))
                    {
                        OnMessage(line, now);
                    }

                    start += newline + 1;
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The run is over: however the socket reports being aborted, this client did not end early.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            Ended = ex.Message;
        }
        finally
        {
            await stream.DisposeAsync();
            _response?.Dispose();
        }
    }
}

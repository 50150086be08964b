using System.Diagnostics;
using System.Net.Http.Headers;

namespace Dashboard.Benchmarks.Latency;

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

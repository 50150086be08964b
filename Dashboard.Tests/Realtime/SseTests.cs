using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;

namespace Dashboard.Tests.Realtime;

/// <summary>docs/protocol.md §4: SSE errors before the stream, headers, framing, heartbeat comments, Last-Event-ID resume, token expiry.</summary>
public sealed class SseTests(FastTimeoutServer server) : IClassFixture<FastTimeoutServer>
{
    private RealtimeHub Hub => server.Services.GetRequiredService<RealtimeHub>();

    [Fact]
    public async Task Without_credentials_is_401()
    {
        using var http = server.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/sse?topics=metrics")).StatusCode);
    }

    [Fact]
    public async Task Unknown_topic_is_400_and_forbidden_topic_is_403_before_the_stream()
    {
        using var http = server.Http(server.Token("acme"));
        var unknown = await http.GetAsync("/sse?topics=metrics,nope");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/sse?topics=system")).StatusCode);
    }

    [Fact]
    public async Task Stream_has_the_headers_padding_retry_and_data_frames()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { activeCalls = 3 }, isSnapshot: true);
        using var http = server.Http(server.Token(tenant));
        using var response = await http.GetAsync("/sse?topics=metrics,calls", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());

        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith(":", await reader.ReadLineAsync());
        Assert.Equal("retry: 3000", await reader.ReadLineAsync());

        var first = await reader.ReadEventAsync();
        Assert.Equal("metrics_update", first.Event);
        Assert.NotNull(first.Id);
        Assert.Contains("\"activeCalls\":3", first.Data, StringComparison.Ordinal);

        await server.PublishAsync(tenant, "calls", "call_event", new { callId = "c1" }, isSnapshot: false);
        var second = await reader.ReadEventAsync();
        Assert.Equal("call_event", second.Event);
        Assert.Contains("\"callId\":\"c1\"", second.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_in_the_query_authenticates()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { v = 1 }, isSnapshot: true);
        using var http = server.Http();
        using var response = await http.GetAsync($"/sse?topics=metrics&access_token={server.Token(tenant)}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("metrics_update", (await reader.ReadEventAsync()).Event);
    }

    [Fact]
    public async Task Heartbeat_comments_keep_the_stream_alive()
    {
        using var http = server.Http(server.Token(Tenants.New()));
        using var response = await http.GetAsync("/sse?topics=metrics", HttpCompletionOption.ResponseHeadersRead);
        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();
        string? line;
        do
        {
            line = await reader.ReadLineAsync();
        }
        while (line != ": ping");
        Assert.Equal(": ping", line);
    }

    [Fact]
    public async Task Last_event_id_resumes_every_topic_without_gap_or_duplicate()
    {
        var tenant = Tenants.New();
        using var http = server.Http(server.Token(tenant));
        string lastId;
        using (var response = await http.GetAsync("/sse?topics=calls,metrics", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            await server.PublishAsync(tenant, "calls", "call_event", new { n = 1 }, isSnapshot: false);
            await server.PublishAsync(tenant, "metrics", "metrics_update", new { n = 2 }, isSnapshot: true);
            await reader.ReadEventAsync();
            lastId = (await reader.ReadEventAsync()).Id!;
        }

        // Missed while disconnected.
        await server.PublishAsync(tenant, "calls", "call_event", new { n = 3 }, isSnapshot: false);
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { n = 4 }, isSnapshot: true);
        await server.PublishAsync(tenant, "calls", "call_event", new { n = 5 }, isSnapshot: false);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse?topics=calls,metrics");
        request.Headers.Add("Last-Event-ID", lastId);
        using var resumed = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var r2 = new SseReader(await resumed.Content.ReadAsStreamAsync());
        var got = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var doc = System.Text.Json.JsonDocument.Parse((await r2.ReadEventAsync()).Data);
            got.Add(doc.RootElement.GetProperty("data").GetProperty("n").GetInt32());
        }

        // Each topic resumes after its own last seq: calls 3 then 5 in order, metrics 4; nothing seen before is repeated.
        Assert.Equal([3, 4, 5], got.Order());
        Assert.True(got.IndexOf(3) < got.IndexOf(5));
    }

    [Fact]
    public async Task A_forged_last_event_id_is_400()
    {
        using var http = server.Http(server.Token("acme"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse?topics=calls");
        request.Headers.Add("Last-Event-ID", "%%%");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task At_token_expiry_an_error_event_ends_the_stream()
    {
        using var http = server.Http(server.Token(Tenants.New(), lifetime: TimeSpan.FromSeconds(2)));
        using var response = await http.GetAsync("/sse?topics=metrics", HttpCompletionOption.ResponseHeadersRead);
        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var error = await reader.ReadEventAsync();
        Assert.Equal("error", error.Event);
        Assert.Contains("token_expired", error.Data, StringComparison.Ordinal);
        Assert.Null(await reader.ReadLineAsync(TimeSpan.FromSeconds(10)));
    }

}

/// <summary>Reads an SSE stream line by line and event by event (comments skipped), with bounded waits.</summary>
internal sealed class SseReader(Stream stream) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<string?> ReadLineAsync(TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        return await _reader.ReadLineAsync(cts.Token);
    }

    public async Task<(string? Id, string? Event, string Data)> ReadEventAsync()
    {
        string? id = null, type = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new Xunit.Sdk.XunitException("stream ended");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (id, type, data.ToString());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data.Append(value); break;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}

using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The page's realtime client (wwwroot/js/realtime-client.js) against scripted transports: Playwright answers
/// <c>/ws</c>, <c>/sse</c> and <c>/api/v1/snapshots/*</c> as docs/protocol.md §3, §4 and §6 describe, so the client's side of
/// the protocol (auth, subscribe, pong, resume with since, fallbacks) is checked independently of the server's.
/// </summary>
public sealed class RealtimeClientTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static string Envelope(string type, string topic, long seq, object data) => JsonSerializer.Serialize(new
    {
        type, topic, seq, ts = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), data,
    });

    private static string MetricsEnvelope(long seq, int activeCalls) =>
        Envelope("metrics_update", "metrics", seq, OverviewPageTests.Metrics(activeCalls, 100, 0.25, 10 + seq));

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Over_websocket_the_page_authenticates_subscribes_answers_pings_and_resumes_with_since()
    {
        var tenant = Tenants.New();
        var received = new ConcurrentQueue<JsonObject>();
        var sockets = new ConcurrentQueue<IWebSocketRoute>();
        await using var context = await browser.NewContextAsync(server);
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
        {
            sockets.Enqueue(ws);
            ws.OnMessage(frame =>
            {
                var message = JsonNode.Parse(frame.Text!)!.AsObject();
                received.Enqueue(message);
                switch ((string?)message["type"])
                {
                    case "auth":
                        ws.Send("""{"type":"auth_success","data":{"connectionId":"c1","tenant":"x","user":"u","heartbeatSeconds":30,"expiresAt":"2100-01-01T00:00:00.000Z"}}""");
                        break;
                    case "subscribe":
                        var first = received.Count(m => (string?)m["type"] == "subscribe") == 1;
                        ws.Send($$"""{"type":"subscribed","id":"{{message["id"]}}","topic":"metrics","seq":{{(first ? 1 : 3)}}}""");
                        ws.Send(first ? MetricsEnvelope(1, 3) : MetricsEnvelope(3, 11));
                        break;
                }
            });
        });

        var page = await BrowserFixture.SignInAsync(context, server, tenant);

        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("3");
        var auth = received.First(m => (string?)m["type"] == "auth");
        Assert.Equal(server.Token(tenant).Split('.')[0], ((string)auth["token"]!).Split('.')[0]);
        var subscribe = received.First(m => (string?)m["type"] == "subscribe");
        // The page's topics, then the bell's (every page with the header follows notifications on the same connection).
        Assert.Equal(["metrics", "campaigns", "calls", "chat", "commerce", "notifications"], subscribe["topics"]!.AsArray().Select(t => (string)t!));
        Assert.Null(subscribe["since"]);

        // Heartbeat (§3.3): a server ping is answered with a pong.
        sockets.Last().Send("""{"type":"ping"}""");
        await WaitUntilAsync(() => received.Any(m => (string?)m["type"] == "pong"), "pong");

        // A live update changes the KPI in place.
        sockets.Last().Send(MetricsEnvelope(2, 5));
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("5");

        // The server goes away (§3.12): the client reconnects and resumes with the last seq it saw.
        await sockets.Last().CloseAsync(new() { Code = 1001, Reason = "going away" });
        await WaitUntilAsync(() => received.Count(m => (string?)m["type"] == "subscribe") == 2, "the second subscribe");
        var resume = received.Last(m => (string?)m["type"] == "subscribe");
        Assert.Equal(2, (long)resume["since"]!["metrics"]!);
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("11");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
    }

    [Fact]
    public async Task When_websocket_is_refused_the_page_falls_back_to_server_sent_events()
    {
        var sseUrls = new ConcurrentQueue<string>();
        await using var context = await browser.NewContextAsync(server);
        await RefuseWebSocketAsync(context);
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", async route =>
        {
            sseUrls.Enqueue(route.Request.Url);
            await route.FulfillAsync(new()
            {
                Status = 200,
                ContentType = "text/event-stream",
                Body = $"retry: 3000\n\nid: r1\nevent: metrics_update\ndata: {MetricsEnvelope(4, 17)}\n\n",
            });
        });

        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());

        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("17");
        Assert.Equal("sse", await page.EvaluateAsync<string>("() => window.dashboard.client.transport"));
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(sseUrls.First()).Query);
        Assert.Equal("metrics,campaigns,calls,chat,commerce,notifications", query["topics"]);
    }

    [Fact]
    public async Task When_websocket_and_sse_both_fail_the_page_polls_snapshots_with_if_none_match()
    {
        var conditional = new ConcurrentQueue<string>();
        var activeCalls = 21;
        await using var context = await browser.NewContextAsync(server);
        await RefuseWebSocketAsync(context);
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", route => route.FulfillAsync(new() { Status = 503 }));
        await context.RouteAsync(url => new Uri(url).AbsolutePath.StartsWith("/api/v1/snapshots/", StringComparison.Ordinal), async route =>
        {
            if (!route.Request.Url.EndsWith("/metrics", StringComparison.Ordinal))
            {
                await route.FulfillAsync(new() { Status = 204 });
                return;
            }

            var current = Volatile.Read(ref activeCalls);
            var seq = current == 21 ? 5 : 6;
            route.Request.Headers.TryGetValue("if-none-match", out var etag);
            if (etag is not null)
            {
                conditional.Enqueue(etag);
            }

            if (etag == $"\"{seq}\"")
            {
                await route.FulfillAsync(new() { Status = 304, Headers = new Dictionary<string, string> { ["ETag"] = $"\"{seq}\"" } });
                return;
            }

            await route.FulfillAsync(new()
            {
                Status = 200,
                ContentType = "application/json",
                Headers = new Dictionary<string, string> { ["ETag"] = $"\"{seq}\"" },
                Body = MetricsEnvelope(seq, current),
            });
        });

        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());

        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Polling");
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("21");
        await WaitUntilAsync(() => conditional.Contains("\"5\""), "a poll with If-None-Match: \"5\"");

        Volatile.Write(ref activeCalls, 22);
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("22");
    }

    [Fact]
    public async Task When_the_session_is_gone_the_page_returns_to_sign_in_instead_of_retrying_forever()
    {
        var sockets = new ConcurrentQueue<IWebSocketRoute>();
        await using var context = await browser.NewContextAsync(server);
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
        {
            sockets.Enqueue(ws);
            ws.OnMessage(frame =>
            {
                if (frame.Text!.Contains("\"auth\"", StringComparison.Ordinal))
                {
                    ws.Send("""{"type":"auth_success","data":{}}""");
                }
            });
        });
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await context.ClearCookiesAsync();
        await sockets.Last().CloseAsync(new() { Code = 1001, Reason = "going away" });

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
    }

    // Every WebSocket opens but is closed as soon as the client sends its auth message, as a proxy that breaks upgrades would.
    private static Task RefuseWebSocketAsync(IBrowserContext context) =>
        context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
            ws.OnMessage(frame => _ = ws.CloseAsync(new() { Code = 1011, Reason = "refused" })));
}

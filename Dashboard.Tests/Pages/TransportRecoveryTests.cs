using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The page's client against the REAL server when transports break: Playwright sits between the page and <c>/ws</c>
/// (passing sockets through to the server, or refusing them as a proxy that breaks upgrades would) and can fail
/// <c>/sse</c>. Messages are published through the app's backplane (<see cref="Dashboard.Realtime.Backplane.RealtimePublisher"/>), so the test knows every
/// <c>seq</c> and can check that the page (loaded with <c>?trace</c>) saw each one exactly once, in order.
/// </summary>
public sealed class TransportRecoveryTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    // The client's back-off is capped at 30 s: a WebSocket probe started while blocked may wait that long.
    private const float BackToLiveTimeoutMs = 45_000;

    private RealtimeHub Hub => server.Services.GetRequiredService<RealtimeHub>();

    [Fact]
    public async Task When_websocket_breaks_the_page_resumes_over_sse_and_returns_to_live_without_losing_or_repeating_a_message()
    {
        var tenant = Tenants.New();
        var published = new List<long>();
        var blocked = 0;
        var publishBeforeNextSubscribe = 0;
        var overlap = new ConcurrentQueue<long>();
        var sockets = new ConcurrentQueue<IWebSocketRoute>();
        var callsSubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var context = await browser.NewContextAsync(server);
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
        {
            if (Volatile.Read(ref blocked) == 1)
            {
                _ = ws.CloseAsync(new() { Code = 1011, Reason = "blocked by the test proxy" });
                return;
            }

            var upstream = ws.ConnectToServer();
            upstream.OnMessage(frame =>
            {
                // `live` means authenticated, not yet subscribed: calls published before the server's `subscribed`
                // would reach no one. From that frame on, every call published reaches this socket.
                if (JsonNode.Parse(frame.Text!) is JsonObject m && (string?)m["type"] == "subscribed" && (string?)m["topic"] == Topics.Calls)
                {
                    callsSubscribed.TrySetResult();
                }

                ws.Send(frame.Text!);
            });
            sockets.Enqueue(ws);
            ws.OnMessage(frame =>
            {
                // The probe's subscribe carries `since` = what SSE delivered so far. Events published now reach the
                // page over SSE (still open) AND are replayed over the WebSocket: the page must show them once.
                if (frame.Text!.Contains("\"subscribe\"", StringComparison.Ordinal) && Interlocked.Exchange(ref publishBeforeNextSubscribe, 0) == 1)
                {
                    // Published and applied before the subscribe is forwarded. Playwright calls this synchronously; the
                    // wait runs on the thread pool so nothing needs this thread to finish it.
                    foreach (var seq in Task.Run(() => PublishCalls(tenant, 5)).GetAwaiter().GetResult())
                    {
                        overlap.Enqueue(seq);
                    }
                }

                upstream.Send(frame.Text);
            });
        });
        await PublishMetrics(tenant, activeCalls: 1);
        var page = await OpenTracedOverviewAsync(context, tenant);
        var badge = page.GetByTestId("connection-state");
        await Expect(badge).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("1");
        await callsSubscribed.Task.WaitAsync(TimeSpan.FromMilliseconds(BrowserFixture.TimeoutMs));

        // Live over WebSocket.
        published.AddRange(await PublishCalls(tenant, 5));
        await SettleAsync(page, tenant, activeCalls: 2);
        await AssertSeenExactlyAsync(page, published);

        // The proxy starts refusing upgrades and drops the live socket; events keep coming while the page reconnects.
        Interlocked.Exchange(ref blocked, 1);
        await sockets.Last().CloseAsync(new() { Code = 1001, Reason = "proxy restarting" });
        published.AddRange(await PublishCalls(tenant, 5));
        await Expect(badge).ToHaveTextAsync("SSE");
        Assert.Equal("sse", await page.EvaluateAsync<string>("() => window.dashboard.client.transport"));
        Assert.Equal(1, await OpenSseStreamsAsync());
        published.AddRange(await PublishCalls(tenant, 5));
        await SettleAsync(page, tenant, activeCalls: 3);
        await AssertSeenExactlyAsync(page, published);

        // Upgrades work again: the background probe takes over (resuming with since) and the stream is closed.
        Interlocked.Exchange(ref publishBeforeNextSubscribe, 1);
        Interlocked.Exchange(ref blocked, 0);
        await Expect(badge).ToHaveTextAsync("Live", new() { Timeout = BackToLiveTimeoutMs });
        Assert.Equal(5, overlap.Count);
        published.AddRange(overlap);
        published.AddRange(await PublishCalls(tenant, 5));
        await SettleAsync(page, tenant, activeCalls: 4);
        await AssertSeenExactlyAsync(page, published);
        Assert.Equal("ws", await page.EvaluateAsync<string>("() => window.dashboard.client.transport"));
        await WaitUntilAsync(async () => await OpenSseStreamsAsync() == 0, "the SSE stream to close once the WebSocket took over");

        // Snapshots may coalesce (docs/protocol.md §3.11), but never arrive twice or out of order.
        var metrics = await SeenAsync(page, Topics.Metrics);
        Assert.Equal(metrics.Distinct().Order(), metrics);
    }

    [Fact]
    public async Task When_websocket_and_sse_both_fail_the_page_polls_and_the_kpis_still_update()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
            _ = ws.CloseAsync(new() { Code = 1011, Reason = "blocked by the test proxy" }));
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", route => route.FulfillAsync(new() { Status = 502 }));
        await PublishMetrics(tenant, activeCalls: 4);

        var page = await OpenTracedOverviewAsync(context, tenant);

        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Polling");
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("4");
        await PublishMetrics(tenant, activeCalls: 9);
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("9");
        await PublishMetrics(tenant, activeCalls: 12);
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("12");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Polling");
        Assert.Equal("polling", await page.EvaluateAsync<string>("() => window.dashboard.client.transport"));
    }

    [Fact]
    public async Task When_the_browser_goes_offline_the_page_says_so_and_resumes_live_when_it_is_back()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        await PublishMetrics(tenant, activeCalls: 5);
        var page = await OpenTracedOverviewAsync(context, tenant);
        var badge = page.GetByTestId("connection-state");
        await Expect(badge).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("5");

        await context.SetOfflineAsync(true);
        await Expect(badge).ToHaveTextAsync("Offline");
        await PublishMetrics(tenant, activeCalls: 6);
        await context.SetOfflineAsync(false);

        await Expect(badge).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("6");
    }

    [Fact]
    public async Task When_every_transport_fails_the_page_says_offline()
    {
        await using var context = await browser.NewContextAsync(server);
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
            _ = ws.CloseAsync(new() { Code = 1011, Reason = "blocked by the test proxy" }));
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", route => route.FulfillAsync(new() { Status = 502 }));
        await context.RouteAsync(url => new Uri(url).AbsolutePath.StartsWith("/api/v1/snapshots/", StringComparison.Ordinal), route => route.AbortAsync());

        var page = await OpenTracedOverviewAsync(context, Tenants.New());

        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Offline");
    }


    private async Task<IPage> OpenTracedOverviewAsync(IBrowserContext context, string tenant)
    {
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/?trace");
        return page;
    }

    private Task PublishMetrics(string tenant, int activeCalls) =>
        server.PublishAsync(tenant, Topics.Metrics, "metrics_update", OverviewPageTests.Metrics(activeCalls, 100, 0.5, 10), isSnapshot: true);

    private Task<long[]> PublishCalls(string tenant, int count) => Task.WhenAll(Enumerable.Range(0, count)
        .Select(_ => server.PublishAsync(tenant, Topics.Calls, "call_event", new
        {
            @event = "call_started", callId = Guid.NewGuid().ToString("N")[..8], campaignId = "cmp-1", direction = "outbound",
            time = DateTimeOffset.UtcNow,
        }, isSnapshot: false)));

    // A metrics snapshot published after the events: once the page shows it, everything before it on the transport in
    // use has arrived (one ordered send queue per connection), duplicates included.
    private async Task SettleAsync(IPage page, string tenant, int activeCalls)
    {
        await PublishMetrics(tenant, activeCalls);
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync(activeCalls.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task AssertSeenExactlyAsync(IPage page, IReadOnlyList<long> published)
    {
        try
        {
            await page.WaitForFunctionAsync("n => (window.dashboard.seen.calls ?? []).length >= n", published.Count);
        }
        catch (TimeoutException)
        {
            // Some never arrived: the comparison below shows which.
        }

        Assert.Equal(published, await SeenAsync(page, Topics.Calls));
    }

    private static async Task<List<long>> SeenAsync(IPage page, string topic)
    {
        var seen = await page.EvaluateAsync<JsonElement>("t => window.dashboard.seen[t] ?? []", topic);
        // A 'resync' entry would fail here: with the default history nothing may be lost on these switches.
        return seen.EnumerateArray().Select(e => e.GetInt64()).ToList();
    }

    // The server's own count of open SSE streams (the dashboard_connections gauge on /metrics).
    private async Task<double> OpenSseStreamsAsync()
    {
        using var http = server.Http();
        var families = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));
        return families.SelectMany(f => f.Samples)
            .Where(s => s.Name == "dashboard_connections" && s.Has(("transport", "sse")))
            .Sum(s => s.Value);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddMilliseconds(BrowserFixture.TimeoutMs);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}

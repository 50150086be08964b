using Dashboard.Realtime;
using Dashboard.Realtime.Sse;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;

namespace Dashboard.Tests.Realtime;

/// <summary>A server that allows one cross-origin dashboard host.</summary>
public sealed class ListedOriginServer() : ConfiguredServer(new()
{
    ["Realtime:AllowedOrigins:0"] = Origin,
})
{
    public const string Origin = "https://ops.example.com";
}

/// <summary>docs/protocol.md §3.1: <c>Realtime:AllowedOrigins</c>.</summary>
public sealed class AllowedOriginsTests(ListedOriginServer server) : IClassFixture<ListedOriginServer>
{
    [Theory]
    [InlineData(ListedOriginServer.Origin, true)]
    [InlineData("https://OPS.example.com", true)]
    [InlineData("http://ops.example.com", false)]
    [InlineData("https://evil.example.com", false)]
    public async Task Only_listed_origins_may_upgrade(string origin, bool allowed)
    {
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Origin", origin);
        ws.Options.CollectHttpResponseDetails = true;
        var uri = new Uri(server.BaseAddress, "/ws").ToWs();
        if (allowed)
        {
            await ws.ConnectAsync(uri, CancellationToken.None);
            Assert.Equal(WebSocketState.Open, ws.State);
        }
        else
        {
            await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(uri, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, ws.HttpStatusCode);
        }
    }
}

/// <summary>Rules of docs/protocol.md §3.9, §4, §5 and §6 not covered elsewhere.</summary>
public sealed class ProtocolGapTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private RealtimeHub Hub => server.Services.GetRequiredService<RealtimeHub>();


    [Fact]
    public async Task A_field_of_the_wrong_type_gets_bad_request_and_the_connection_stays_open()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(Tenants.New()));
        await using var _ = client;
        await client.SendTextAsync("{\"type\":\"subscribe\",\"id\":\"r1\",\"topics\":\"metrics\"}");
        var error = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "error");
        Assert.Equal("bad_request", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal("r1", error.GetProperty("id").GetString());
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact]
    public async Task Over_sse_a_tenant_never_receives_another_tenants_messages()
    {
        var mine = Tenants.New();
        using var http = server.Http(server.Token(mine));
        using var response = await http.GetAsync("/sse?topics=calls", HttpCompletionOption.ResponseHeadersRead);
        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        await server.PublishAsync(Tenants.New(), "calls", "call_event", new { owner = "other" }, isSnapshot: false);
        await server.PublishAsync(mine, "calls", "call_event", new { owner = "mine" }, isSnapshot: false);

        using var doc = JsonDocument.Parse((await reader.ReadEventAsync()).Data);
        Assert.Equal("mine", doc.RootElement.GetProperty("data").GetProperty("owner").GetString());
    }

    [Fact]
    public async Task The_lastEventId_query_parameter_resumes_like_the_header()
    {
        var tenant = Tenants.New();
        for (var i = 1; i <= 4; i++)
        {
            await server.PublishAsync(tenant, "calls", "call_event", new { n = i }, isSnapshot: false);
        }

        using var http = server.Http(server.Token(tenant));
        var resume = ResumeToken.Format(new Dictionary<string, long> { ["calls"] = 2 });
        using var response = await http.GetAsync($"/sse?topics=calls&lastEventId={resume}", HttpCompletionOption.ResponseHeadersRead);
        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        using var third = JsonDocument.Parse((await reader.ReadEventAsync()).Data);
        Assert.Equal(3, third.RootElement.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task The_pages_cookie_session_authenticates_sse_and_polling()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { v = 1 }, isSnapshot: true);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync($"/login?token={server.Token(tenant)}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/snapshots/metrics")).StatusCode);
        using var sse = await browser.GetAsync("/sse?topics=metrics", HttpCompletionOption.ResponseHeadersRead);
        await using var reader = new SseReader(await sse.Content.ReadAsStreamAsync());
        Assert.Equal("metrics_update", (await reader.ReadEventAsync()).Event);
    }

    [Fact]
    public async Task Polling_an_event_only_topic_returns_its_newest_message()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, "activity", "activity", new { summary = "first" }, isSnapshot: false);
        await server.PublishAsync(tenant, "activity", "activity", new { summary = "second" }, isSnapshot: false);
        using var http = server.Http(server.Token(tenant));
        var response = await http.GetAsync("/api/v1/snapshots/activity");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("second", doc.RootElement.GetProperty("data").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Connections_and_subscriptions_are_counted_on_metrics()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(Tenants.New()));
        await using (client)
        {
            await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "metrics", "calls" } });
            await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed");
            await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed");

            using var http = server.Http();
            var body = await http.GetStringAsync("/metrics");
            Assert.True(Gauge(body, "dashboard_connections") >= 1, body);
            Assert.True(Gauge(body, "dashboard_subscriptions") >= 2, body);
        }
    }

    private static double Gauge(string exposition, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(exposition, $@"^{name}\{{transport=""websocket""\}} (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }
}

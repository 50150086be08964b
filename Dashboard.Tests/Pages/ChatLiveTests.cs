using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The Chat page end to end: chat events posted through <c>POST /api/v1/events</c> are folded, computed and published
/// on <c>chat</c> by the tick, and the open page's numbers change; a tenant without chat events reads the empty
/// payload of <c>GET /api/v1/chat</c> and is told how to send them.
/// </summary>
public sealed class ChatLiveTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static ILocator WaitingRow(IPage page, string session) =>
        page.GetByTestId("chat-waiting-table").Locator($"tr[data-session-id='{session}']");

    [Fact]
    public async Task Ingested_chat_events_change_the_live_numbers_on_the_open_page()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var t = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("agent.status_changed", t.AddSeconds(-60), new { agentId = "a-1", name = "Ana", status = "available" }),
            CloudEvent("chat.session_started", t.AddSeconds(-30), new { sessionId = "s-1", channel = "web" }),
            CloudEvent("chat.session_started", t.AddSeconds(-10), new { sessionId = "s-2", channel = "whatsapp" }));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/chat");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-chat-active")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("chat-empty")).ToBeHiddenAsync();
        await Expect(WaitingRow(page, "s-1").Locator("[data-field='channel']")).ToHaveTextAsync("web");
        // Oldest first, and the wait moves on in the browser.
        await Expect(page.GetByTestId("chat-waiting-table").Locator("tbody tr[data-session-id]")).ToHaveCountAsync(2);
        Assert.Equal("s-1", await page.GetByTestId("chat-waiting-table").Locator("tbody tr").First.GetAttributeAsync("data-session-id"));
        var longest = page.GetByTestId("kpi-chat-longest-wait");
        await Expect(longest).ToHaveTextAsync(new Regex(@"^(0:[3-5]\d|1:\d\d)$"));
        var before = await longest.TextContentAsync();
        await Expect(longest).Not.ToHaveTextAsync(before!);

        // Ana takes s-1, replies (read), the customer rates 5, and the session closes resolved.
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("chat.session_assigned", now, new { sessionId = "s-1", agentId = "a-1" }),
            CloudEvent("chat.message", now, new { sessionId = "s-1", messageId = "m-1", kind = "text", sender = "customer" }),
            CloudEvent("chat.message", now.AddSeconds(1), new { sessionId = "s-1", messageId = "m-2", kind = "image", sender = "agent" }),
            CloudEvent("chat.message_status", now.AddSeconds(2), new { messageId = "m-2", status = "read" }),
            CloudEvent("csat.submitted", now.AddSeconds(3), new { score = 5, sessionId = "s-1", agentId = "a-1" }),
            CloudEvent("chat.session_closed", now.AddSeconds(3), new { sessionId = "s-1", resolved = true }));

        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("1");
        await Expect(WaitingRow(page, "s-1")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("kpi-chat-csat")).ToHaveTextAsync("100.0 %");
        await Expect(page.GetByTestId("kpi-chat-csat-responses")).ToHaveTextAsync("1 response");
        // s-1 started 30 s before the first batch; the reply and the close came after the page opened (slower on a busy machine).
        await Expect(page.GetByTestId("kpi-chat-first-response")).ToHaveTextAsync(new Regex(@"^(0:[3-5]\d|[1-4]:\d\d)$"));
        await Expect(page.GetByTestId("kpi-chat-resolution")).ToHaveTextAsync(new Regex(@"^(0:[3-5]\d|[1-4]:\d\d)$"));
        var ana = page.GetByTestId("chat-agent-table").Locator("tr[data-agent-id='a-1']");
        await Expect(ana.Locator("th")).ToHaveTextAsync("Ana");
        await Expect(ana.Locator("[data-field='sessionsToday']")).ToHaveTextAsync("1");
        await Expect(ana.Locator("[data-field='csatPercent']")).ToHaveTextAsync("100.0 %");
        await Expect(page.GetByTestId("chat-messages-today")).ToHaveTextAsync("· 2");
        await Expect(page.GetByTestId("chat-rates").Locator("[data-field='readRate']")).ToHaveTextAsync("100.0 %");
        await Expect(page.GetByTestId("csat-distribution").Locator("li[data-score='5'] [data-field='count']")).ToHaveTextAsync("1 (100 %)");
        await Expect(page.GetByTestId("chat-peak-hour")).ToHaveTextAsync(new Regex(@"^Peak: .+, 2 messages$"));
        await Expect(page.GetByTestId("page-error")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_tenant_without_chat_events_reads_the_empty_payload_and_is_told_how_to_send_them()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/chat");

        var empty = page.GetByTestId("chat-empty");
        await Expect(empty).ToBeVisibleAsync();
        await Expect(empty).ToContainTextAsync("docs/events.md §3 “Chat and support”");
        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("kpi-chat-longest-wait")).ToHaveTextAsync("—");
        await Expect(page.Locator(".skeleton")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("page-error")).ToBeHiddenAsync();

        // The first chat event reaches the open page.
        using var events = new PageEvents(server, tenant);
        await events.PostAsync(CloudEvent("chat.session_started", DateTimeOffset.UtcNow, new { sessionId = "s-1", channel = "web" }));
        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("1");
        await Expect(empty).ToBeHiddenAsync();
    }

    [Fact]
    public async Task On_the_polling_fallback_the_page_reads_the_chat_figures_over_REST()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await events.PostAsync(CloudEvent("chat.session_started", DateTimeOffset.UtcNow, new { sessionId = "s-1", channel = "web" }));
        await events.WaitForAsync("/api/v1/chat", d => d.GetProperty("sessions").GetProperty("waiting").GetInt32() == 1);
        await using var context = await browser.NewContextAsync(server);
        // WebSocket and SSE refused, as behind a proxy that breaks both, and the snapshot poll answers "no snapshot yet"
        // (204): only the page's own reads of /api/v1/chat can bring the figures.
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
            ws.OnMessage(frame => _ = ws.CloseAsync(new() { Code = 1011, Reason = "refused" })));
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", route => route.FulfillAsync(new() { Status = 503 }));
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/api/v1/snapshots/chat", route => route.FulfillAsync(new() { Status = 204 }));
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/chat");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Polling");
        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("1");

        await events.PostAsync(CloudEvent("chat.session_started", DateTimeOffset.UtcNow, new { sessionId = "s-2", channel = "web" }));
        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("chat-waiting-table").Locator("tbody tr[data-session-id]")).ToHaveCountAsync(2);
    }
}

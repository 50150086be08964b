using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.ChatPageData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The Chat page (<c>/chat</c>) in a real browser against the real server, from published <c>chat_update</c> snapshots.</summary>
public sealed class ChatPageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static ILocator WaitingRow(IPage page, string session) =>
        page.GetByTestId("chat-waiting-table").Locator($"tr[data-session-id='{session}']");

    private static ILocator AgentCell(IPage page, string agent, string field) =>
        page.GetByTestId("chat-agent-table").Locator($"tr[data-agent-id='{agent}'] td[data-field='{field}']");

    private async Task<IPage> OpenAsync(IBrowserContext context, string tenant)
    {
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/chat");
        return page;
    }

    [Fact]
    public async Task The_server_renders_the_first_view_from_the_newest_chat_snapshot()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now, ("s-9", "web", now.AddSeconds(-42)), ("s-10", null, now.AddSeconds(-5))));
        // Without JavaScript: everything on the page came from the server.
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await OpenAsync(context, tenant);

        await Expect(page.Locator("h1")).ToHaveTextAsync("Chat");
        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-chat-longest-wait")).ToHaveTextAsync(new Regex(@"^(0:4[2-9]|0:5\d|1:\d\d)$"));
        await Expect(page.GetByTestId("kpi-chat-active")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("kpi-chat-average-wait")).ToHaveTextAsync("0:13");
        await Expect(page.GetByTestId("kpi-chat-first-response")).ToHaveTextAsync("0:30");
        await Expect(page.GetByTestId("kpi-chat-resolution")).ToHaveTextAsync("5:00");
        await Expect(page.GetByTestId("kpi-chat-csat")).ToHaveTextAsync("80.0 %");
        await Expect(page.GetByTestId("kpi-chat-csat")).ToHaveAttributeAsync("data-level", "ok");
        await Expect(WaitingRow(page, "s-9").Locator("[data-field='channel']")).ToHaveTextAsync("web");
        await Expect(WaitingRow(page, "s-10").Locator("[data-field='channel']")).ToHaveTextAsync("—");
        await Expect(AgentCell(page, "a-1", "sessionsToday")).ToHaveTextAsync("5");
        await Expect(AgentCell(page, "a-2", "firstResponseSeconds")).ToHaveTextAsync("1:35");
        await Expect(AgentCell(page, "a-2", "firstResponseSeconds")).ToHaveAttributeAsync("data-level", "warning");
        await Expect(AgentCell(page, "a-2", "csatPercent")).ToHaveAttributeAsync("data-level", "critical");
        await Expect(page.GetByTestId("csat-summary")).ToHaveTextAsync("5 responses · average 4.00 of 5 · 80.0 % scored 4 or 5");
        await Expect(page.GetByTestId("csat-distribution").Locator("li[data-score='4'] [data-field='count']")).ToHaveTextAsync("2 (40 %)");
        await Expect(page.GetByTestId("chat-empty")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Waits_tick_every_second_between_updates_and_their_threshold_colour_follows_the_ticking_value()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        // Published once the page is live, so a slow page load cannot eat the time before the 60 s level.
        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now, ("s-1", "web", now.AddSeconds(-45))));
        var wait = WaitingRow(page, "s-1").Locator("[data-field='wait']");
        var longest = page.GetByTestId("kpi-chat-longest-wait");
        await Expect(wait).ToHaveTextAsync(new Regex(@"^0:[45]\d$"));
        await Expect(wait).ToHaveAttributeAsync("data-level", "ok");
        var shown = await page.EvaluateAsync<string>("() => window.dashboard.chat.computedAt");

        // No new update: the browser moves the wait past the 60 s default warning level by itself.
        var crossing = new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 };
        await Expect(wait).ToHaveTextAsync(new Regex(@"^1:\d\d$"), crossing);
        await Expect(wait).ToHaveAttributeAsync("data-level", "warning");
        await Expect(longest).ToHaveTextAsync(new Regex(@"^1:\d\d$"));
        await Expect(longest).ToHaveAttributeAsync("data-level", "warning");
        Assert.Equal(shown, await page.EvaluateAsync<string>("() => window.dashboard.chat.computedAt"));
        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveAttributeAsync("data-level", "ok");
    }

    [Fact]
    public async Task An_old_snapshot_shows_waits_run_on_from_its_computedAt_not_from_its_arrival()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        // Computed two minutes ago (nothing else changed since, so nothing newer was published): waited 10 s by then.
        await PublishChatAsync(server, tenant, Update(now.AddMinutes(-2), ("s-1", "web", now.AddMinutes(-2).AddSeconds(-10))));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);

        await Expect(WaitingRow(page, "s-1").Locator("[data-field='wait']")).ToHaveTextAsync(new Regex(@"^2:1\d$"));
        await Expect(page.GetByTestId("kpi-chat-longest-wait")).ToHaveTextAsync(new Regex(@"^2:1\d$"));
        await Expect(page.GetByTestId("kpi-chat-longest-wait")).ToHaveAttributeAsync("data-level", "warning");
    }

    [Fact]
    public async Task The_waiting_queue_and_the_agent_table_export_what_they_show_as_CSV()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now, ("s-9", "web", now.AddSeconds(-42)), ("s-10", null, now.AddSeconds(-5))));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("chat-waiting-table").Locator("tbody tr[data-session-id]")).ToHaveCountAsync(2);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-chat-waiting").ClickAsync());
        Assert.Matches(@"^chat-waiting-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal("Session,Channel,Started,Waiting", lines[0]);
        Assert.Matches(@"^s-9,web,\d{1,2}:\d{2}:\d{2}( [AP]M)?,0:[45]\d$", lines[1]);
        Assert.Matches(@"^s-10,—,\d{1,2}:\d{2}:\d{2}( [AP]M)?,0:\d{2}$", lines[2]);
        Assert.Equal("", lines[3]);

        download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-chat-agents").ClickAsync());
        Assert.Matches(@"^chat-agents-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        Assert.Equal(
            "Agent,ID,Active sessions,Sessions today,First response,Resolution,CSAT\r\n" +
            "Ana,a-1,2,5,0:20,4:10,80.0 %\r\n" +
            "\"Bo, \"\"the\"\" night shift\",a-2,1,3,1:35,—,50.0 %\r\n",
            await File.ReadAllTextAsync((await download.PathAsync())!));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Export CSV: Chat agents: active sessions, sessions today, first response, resolution and CSAT" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_charts_show_messages_by_kind_and_status_and_mark_the_peak_hour()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await page.WaitForFunctionAsync("() => window.dashboard?.charts?.perHour?.data.labels.length === 24");

        Assert.Equal(new[] { 100, 10, 5, 3, 2 }, await page.EvaluateAsync<int[]>("() => window.dashboard.charts.kinds.data.datasets[0].data"));
        Assert.Equal(new[] { 20, 30, 65, 5 }, await page.EvaluateAsync<int[]>("() => window.dashboard.charts.statuses.data.datasets[0].data"));
        // The peak hour (index 21 of 24) is the only bar in another colour, and the caption names it.
        var colours = await page.EvaluateAsync<string[]>("() => window.dashboard.charts.perHour.data.datasets[0].backgroundColor");
        Assert.Single(colours.Distinct(), c => c == colours[21]);
        Assert.Equal(23, colours.Count(c => c == colours[0]));
        await Expect(page.GetByTestId("chat-peak-hour")).ToHaveTextAsync(new Regex(@"^Peak: .+, 40 messages$"));
        await Expect(page.GetByTestId("chat-per-hour-chart")).ToHaveAttributeAsync("aria-label", new Regex(@"peak hour .+ with 40 messages\.$"));
        await Expect(page.GetByTestId("chat-status-chart")).ToHaveAttributeAsync("aria-label", "Doughnut chart of today's messages by status: Sent 20, Delivered 30, Read 65, Failed 5.");
        await Expect(page.GetByTestId("chat-rates").Locator("[data-field='failureRate']")).ToHaveTextAsync("5.0 %");

        // Dark mode: the charts take the dark palette.
        await page.GetByTestId("theme-toggle").SelectOptionAsync("dark");
        await page.WaitForFunctionAsync("() => window.dashboard.charts.kinds.data.datasets[0].backgroundColor[0] === '#58a6ff'");
    }

    [Fact]
    public async Task A_tenant_without_chat_data_is_told_how_to_send_chat_events()
    {
        var tenant = Tenants.New();
        await PublishChatAsync(server, tenant, Empty(DateTime.UtcNow));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);

        var empty = page.GetByTestId("chat-empty");
        await Expect(empty).ToBeVisibleAsync();
        await Expect(empty).ToContainTextAsync("docs/events.md §3");
        await Expect(empty).ToContainTextAsync("chat.session_started");
        await Expect(page.GetByTestId("chat-waiting-table")).ToContainTextAsync("Nobody is waiting.");
        await Expect(page.GetByTestId("kpi-chat-csat")).ToHaveTextAsync("—");

        // The first chat event's update hides it.
        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now, ("s-1", "web", now)));
        await Expect(empty).ToBeHiddenAsync();
        await Expect(page.GetByTestId("kpi-chat-waiting")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task At_phone_width_the_page_does_not_scroll_sideways_and_the_tables_scroll_in_their_regions()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now, ("a-session-with-a-rather-long-identifier-0001", "whatsapp", now.AddMinutes(-75))));
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 375, Height = 812 } });
        var page = await OpenAsync(context, tenant);
        await Expect(page.GetByTestId("chat-agent-table").Locator("tbody tr[data-agent-id]")).ToHaveCountAsync(2);

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the page scrolls sideways at 375 px");
        // Keyboard: the table regions and the Export buttons are reachable.
        var region = page.GetByRole(AriaRole.Region, new() { Name = "Agents · today (UTC)" }).Locator(".table-scroll");
        await Expect(region).ToHaveAttributeAsync("tabindex", "0");
        Assert.True(await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the agent table region does not scroll");
        await page.GetByTestId("export-chat-agents").FocusAsync();
        await Expect(page.GetByTestId("export-chat-agents")).ToBeFocusedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "chat-375.png"), FullPage = true });
    }
}

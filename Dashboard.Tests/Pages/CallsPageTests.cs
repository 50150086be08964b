using System.Net;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The Calls page (<c>/calls</c>) against the real server: first view, live call events, the hours window, CSV, phone width.</summary>
public sealed class CallsPageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_first_view_is_rendered_on_the_server_from_the_reports()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("call.started", now.AddMinutes(-3), new { callId = "srv-1", direction = "outbound", campaignId = "cmp-s", agentId = "a-ann" }),
            CloudEvent("call.answered", now.AddMinutes(-3).AddSeconds(5), new { callId = "srv-1", agentId = "a-ann" }),
            CloudEvent("call.ended", now.AddMinutes(-1), new { callId = "srv-1", outcome = "completed", durationSeconds = 125 }),
            CloudEvent("call.started", now.AddSeconds(-30), new { callId = "srv-2", direction = "outbound", campaignId = "cmp-s" }));
        await events.WaitForAsync("/api/v1/calls/metrics?hours=24", j => j.GetProperty("totalCalls").GetInt32() == 2 && j.GetProperty("endedCalls").GetInt32() == 1);

        // No JavaScript: what a visitor sees before any live message is the server's own rendering.
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/calls");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calls", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("kpi-total-calls")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-ended-calls")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("kpi-completed-calls")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("kpi-success-rate")).ToHaveTextAsync("100.0 %");
        await Expect(page.GetByTestId("kpi-aht")).ToHaveTextAsync("2:05");
        await Expect(page.GetByTestId("active-calls-table").Locator("tbody tr[data-call-id='srv-2'] th")).ToHaveTextAsync("srv-2");
        await Expect(page.GetByTestId("recent-calls-table").Locator("tbody tr[data-call-id='srv-1'] td").Nth(4)).ToHaveTextAsync("completed");
        await Expect(page.GetByTestId("agents-table").Locator("tbody tr[data-agent-id='a-ann'] > *")).ToHaveTextAsync(["a-ann", "1", "1", "100.0 %", "2:05"]);
        await Expect(page.GetByTestId("hours-select")).ToHaveValueAsync("24");
    }

    [Fact]
    public async Task A_started_call_appears_with_a_ticking_duration_and_moves_to_recent_when_it_ends()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/calls");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("active-calls-table")).ToContainTextAsync("No call in progress.");

        var started = DateTimeOffset.UtcNow.AddSeconds(-65);
        await events.PostAsync(CloudEvent("call.started", started, new { callId = "live-1", direction = "outbound", campaignId = "cmp-l", agentId = "a-1" }));

        var row = page.GetByTestId("active-calls-table").Locator("tbody tr[data-call-id='live-1']");
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("cmp-l");
        var duration = row.Locator("td.duration");
        await Expect(duration).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1:0\d$"));
        var first = await duration.TextContentAsync();
        await Expect(duration).Not.ToHaveTextAsync(first!);  // it ticks without a message
        await Expect(page.GetByTestId("kpi-active-now")).ToHaveTextAsync("1");

        await events.PostAsync(CloudEvent("call.ended", started.AddSeconds(70), new { callId = "live-1", outcome = "busy", durationSeconds = 70 }));

        await Expect(row).ToHaveCountAsync(0);
        var recent = page.GetByTestId("recent-calls-table").Locator("tbody tr").First;
        await Expect(recent.Locator("th")).ToHaveTextAsync("live-1");
        await Expect(recent.Locator("td")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("."), new("^cmp-l$"), new("^a-1$"), new("^outbound$|^—$"), new("^busy$"), new("^1:10$")]);
        await Expect(page.GetByTestId("kpi-active-now")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("active-calls-table")).ToContainTextAsync("No call in progress.");
    }

    [Fact]
    public async Task While_polling_an_ended_call_still_leaves_the_active_list_for_the_recent_list()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await using var context = await browser.NewContextAsync(server);
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
            _ = ws.CloseAsync(new() { Code = 1011, Reason = "blocked by the test proxy" }));
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", route => route.FulfillAsync(new() { Status = 502 }));
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/calls");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Polling");

        var started = DateTimeOffset.UtcNow.AddSeconds(-10);
        await events.PostAsync(CloudEvent("call.started", started, new { callId = "poll-1", direction = "inbound", campaignId = "cmp-p" }));
        var row = page.GetByTestId("active-calls-table").Locator("tbody tr[data-call-id='poll-1']");
        await Expect(row).ToHaveCountAsync(1);

        await events.PostAsync(CloudEvent("call.ended", started.AddSeconds(12), new { callId = "poll-1", outcome = "voicemail", durationSeconds = 12 }));

        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("recent-calls-table").Locator("tbody tr[data-call-id='poll-1'] td").Nth(4)).ToHaveTextAsync("voicemail");
    }

    [Fact]
    public async Task The_hours_selector_changes_the_url_and_the_figures_and_a_bad_value_is_explained()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("call.started", now.AddHours(-6), new { callId = "old-1", direction = "outbound", campaignId = "cmp-h" }),
            CloudEvent("call.ended", now.AddHours(-6).AddMinutes(1), new { callId = "old-1", outcome = "no_answer", durationSeconds = 60 }),
            CloudEvent("call.started", now.AddMinutes(-2), new { callId = "new-1", direction = "outbound", campaignId = "cmp-h" }));
        await events.WaitForAsync("/api/v1/calls/metrics?hours=24", j => j.GetProperty("totalCalls").GetInt32() == 2);

        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/calls?hours=8");
        await Expect(page.GetByTestId("kpi-total-calls")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("hours-select")).ToHaveValueAsync("8");

        await page.GetByTestId("hours-select").SelectOptionAsync("4");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/calls\?hours=4$"));
        await Expect(page.GetByTestId("kpi-total-calls")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("kpi-ended-calls")).ToHaveTextAsync("0");

        // The URL is a bookmark: loading it shows the same window.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("hours-select")).ToHaveValueAsync("4");
        await Expect(page.GetByTestId("kpi-total-calls")).ToHaveTextAsync("1");

        // Two quick changes: the figures follow the last one.
        await page.GetByTestId("hours-select").SelectOptionAsync("1");
        await page.GetByTestId("hours-select").SelectOptionAsync("72");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/calls\?hours=72$"));
        await Expect(page.GetByTestId("kpi-total-calls")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-ended-calls")).ToHaveTextAsync("1");

        // Back returns to the previous window.
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/calls\?hours=1$"));
        await Expect(page.GetByTestId("hours-select")).ToHaveValueAsync("1");
        await Expect(page.GetByTestId("kpi-total-calls")).ToHaveTextAsync("1");

        var response = await page.GotoAsync("/calls?hours=5");
        Assert.Equal((int)HttpStatusCode.BadRequest, response!.Status);
        await Expect(page.GetByTestId("hours-error")).ToContainTextAsync("hours must be one of 1, 4, 8, 24, 72 or 168 (default 24). Got '5'");
        await Expect(page.GetByTestId("hours-select")).ToHaveValueAsync("24");
        await Expect(page.GetByTestId("kpi-total-calls")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task Exporting_the_agent_table_downloads_what_it_shows()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("agent.status_changed", now.AddMinutes(-10), new { agentId = "a-1", name = "Ann, Senior", status = "available" }),
            CloudEvent("call.started", now.AddMinutes(-5), new { callId = "x-1", direction = "inbound", agentId = "a-1" }),
            CloudEvent("call.ended", now.AddMinutes(-4), new { callId = "x-1", outcome = "converted", durationSeconds = 61 }),
            CloudEvent("call.started", now.AddMinutes(-3), new { callId = "x-2", direction = "inbound", agentId = "a-2" }),
            CloudEvent("call.ended", now.AddMinutes(-2), new { callId = "x-2", outcome = "failed", durationSeconds = 5 }));
        await events.WaitForAsync("/api/v1/agents/performance?hours=24", j => j.GetProperty("agents").GetArrayLength() == 2);

        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/calls");
        var rows = page.GetByTestId("agents-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator("th")).ToHaveTextAsync("Ann, Senior");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-agent-performance").ClickAsync());

        Assert.Matches(@"^agent-performance-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(
            "Agent,Calls,Answered,Success rate,Avg duration (m:ss)\r\n" +
            "\"Ann, Senior\",1,1,100.0 %,1:01\r\n" +
            "a-2,1,0,0.0 %,0:05\r\n",
            csv);
    }

    [Fact]
    public async Task The_abandonment_rate_is_abandoned_of_offered_calls_not_of_every_ended_call()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var now = DateTimeOffset.UtcNow;
        var list = new List<object>();
        foreach (var (id, outcome) in new[] { ("ab-1", "completed"), ("ab-2", "abandoned"), ("ab-3", "no_answer"), ("ab-4", "busy") })
        {
            list.Add(CloudEvent("call.started", now.AddMinutes(-3), new { callId = id, direction = "outbound", campaignId = "cmp-a" }));
            if (outcome == "completed")
            {
                list.Add(CloudEvent("call.answered", now.AddMinutes(-3).AddSeconds(5), new { callId = id, agentId = "a-1" }));
            }

            list.Add(CloudEvent("call.ended", now.AddMinutes(-2), new { callId = id, outcome, durationSeconds = 30 }));
        }

        await events.PostAsync([.. list]);
        await events.WaitForAsync("/api/v1/calls/metrics?hours=24", j => j.GetProperty("endedCalls").GetInt32() == 4);

        // 1 abandoned of 2 offered (1 answered + 1 abandoned); the no-answer and busy calls never reached anyone.
        foreach (var script in new[] { false, true })
        {
            await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), JavaScriptEnabled = script });
            var page = await BrowserFixture.SignInAsync(context, server, tenant);
            await page.GotoAsync("/calls");
            await Expect(page.GetByTestId("kpi-abandonment-rate")).ToHaveTextAsync("50.0 %");
        }
    }

    [Fact]
    public async Task At_phone_width_the_calls_page_does_not_scroll_sideways()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await events.PostAsync(CloudEvent("call.started", DateTimeOffset.UtcNow.AddSeconds(-5), new { callId = "phone-call-with-a-long-id", direction = "outbound", campaignId = "a-campaign-with-a-long-id" }));
        await events.WaitForAsync("/api/v1/calls/active", j => j.GetProperty("activeCalls").GetInt32() == 1);

        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 375, Height = 812 } });
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/calls");
        await Expect(page.GetByTestId("active-calls-table").Locator("tbody tr[data-call-id]")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => window.dashboard?.charts.perHour instanceof Chart");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the page scrolls sideways at 375 px");
        var region = page.Locator(".table-scroll:has([data-testid=recent-calls-table])");
        Assert.True(await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the recent calls table does not scroll in its region");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "calls-375.png"), FullPage = true });
    }
}

using Dashboard.Auth;
using Dashboard.Queues;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Dashboard.Tests.Pages.QueueBoardData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>Queue &amp; Agents (<c>/queues</c>) in a real browser against the real server.</summary>
public sealed class QueuesPageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static ILocator Cell(IPage page, string queue, string field) =>
        page.GetByTestId("queue-table").Locator($"tr[data-queue='{queue}'] td[data-field='{field}']");

    [Fact]
    public async Task The_server_renders_the_first_view_with_queues_totals_and_agent_tiles()
    {
        var tenant = Tenants.New();
        await PublishQueuesAsync(server, tenant, Queue("support", waiting: 3, longestWait: 42), Queue("vip", serviceLevel: 0.5, threshold: 40));
        await PublishAgentsAsync(server, tenant,
            Agent("a-1", "Ann", "on_call", TimeSpan.FromSeconds(75), "support"),
            Agent("a-2", "Bob", "available", TimeSpan.FromMinutes(3), "support", "vip"));
        // Without JavaScript: what is on the page came from the server.
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant)) + "&returnUrl=/queues");

        Assert.EndsWith("/queues", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Queue & Agents");
        await Expect(page.GetByTestId("kpi-calls-waiting")).ToHaveTextAsync("3");
        await Expect(Cell(page, "support", "callsWaiting")).ToHaveTextAsync("3");
        await Expect(Cell(page, "support", "longestWaitSeconds")).ToHaveTextAsync("0:42");
        await Expect(Cell(page, "support", "serviceLevel")).ToHaveTextAsync("82 % in 20 s");
        await Expect(Cell(page, "vip", "serviceLevel")).ToHaveTextAsync("50 % in 40 s");
        await Expect(Cell(page, "vip", "serviceLevel")).ToHaveAttributeAsync("data-level", "critical");
        await Expect(Cell(page, "support", "asaSeconds")).ToHaveTextAsync("0:14");
        await Expect(Cell(page, "support", "ahtSeconds")).ToHaveTextAsync("4:05");
        await Expect(Cell(page, "support", "abandonmentRate")).ToHaveTextAsync("3.0 %");
        await Expect(page.GetByTestId("agent-tiles").Locator("li[data-agent-id]")).ToHaveCountAsync(2);
        var ann = page.GetByTestId("agent-tiles").Locator("li[data-agent-id='a-1']");
        await Expect(ann).ToHaveAttributeAsync("data-status", "on_call");
        await Expect(ann.Locator("[data-field='status']")).ToHaveTextAsync("On call");
        await Expect(ann.Locator("[data-field='since']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1:1[5-9]$"));
        await Expect(page.GetByTestId("agent-summary").Locator("li[data-status='available'] [data-count]")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Ingested_queue_and_agent_events_change_the_waiting_count_service_level_and_agent_tiles()
    {
        var tenant = Tenants.New();
        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        var t = DateTimeOffset.UtcNow;
        await PostBatchAsync(producer,
            CloudEvent("agent.status_changed", t, new { agentId = "a-1", name = "Ann", status = "available", queues = new[] { "support" } }),
            CloudEvent("call.queued", t, new { callId = "q-1", queue = "support" }));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/queues");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(Cell(page, "support", "callsWaiting")).ToHaveTextAsync("1");
        await Expect(Cell(page, "support", "serviceLevel")).ToHaveTextAsync("—");
        var ann = page.GetByTestId("agent-tiles").Locator("li[data-agent-id='a-1']");
        await Expect(ann).ToHaveAttributeAsync("data-status", "available");
        // The wait ticks in the browser between server updates.
        await Expect(Cell(page, "support", "longestWaitSeconds")).Not.ToHaveTextAsync("—");

        await PostBatchAsync(producer,
            CloudEvent("call.answered", t.AddSeconds(5), new { callId = "q-1", agentId = "a-1" }),
            CloudEvent("agent.status_changed", t.AddSeconds(5), new { agentId = "a-1", name = "Ann", status = "on_call", queues = new[] { "support" } }));

        await Expect(Cell(page, "support", "callsWaiting")).ToHaveTextAsync("0");
        await Expect(Cell(page, "support", "longestWaitSeconds")).ToHaveTextAsync("—");
        await Expect(Cell(page, "support", "serviceLevel")).ToHaveTextAsync("100 % in 20 s");
        await Expect(Cell(page, "support", "asaSeconds")).ToHaveTextAsync("0:05");
        await Expect(ann).ToHaveAttributeAsync("data-status", "on_call");
        await Expect(ann.Locator("[data-field='status']")).ToHaveTextAsync("On call");
        await Expect(page.GetByTestId("agent-summary").Locator("li[data-status='on_call'] [data-count]")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("kpi-calls-waiting")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_threshold_colour_changes_when_a_value_crosses_its_configured_level()
    {
        var tenant = Tenants.New();
        await PublishQueuesAsync(server, tenant, Queue("support", waiting: 1, serviceLevel: 0.9));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/queues");
        var sl = Cell(page, "support", "serviceLevel");
        var waiting = Cell(page, "support", "callsWaiting");
        await Expect(sl).ToHaveAttributeAsync("data-level", "ok");
        await Expect(waiting).ToHaveAttributeAsync("data-level", "ok");

        // Defaults: service level warning below 0.8, critical below 0.7; calls waiting warning from 5, critical from 15.
        await PublishQueuesAsync(server, tenant, Queue("support", waiting: 6, serviceLevel: 0.75));
        await Expect(sl).ToHaveAttributeAsync("data-level", "warning");
        await Expect(sl).ToHaveTextAsync("75 % in 20 s");
        await Expect(waiting).ToHaveAttributeAsync("data-level", "warning");

        await PublishQueuesAsync(server, tenant, Queue("support", waiting: 20, serviceLevel: 0.6));
        await Expect(sl).ToHaveAttributeAsync("data-level", "critical");
        await Expect(waiting).ToHaveAttributeAsync("data-level", "critical");
        await Expect(page.GetByTestId("kpi-calls-waiting")).ToHaveAttributeAsync("data-level", "critical");
        // Not colour alone: the level has an icon before the value.
        Assert.Equal("\"✖ \" / \"Critical: \"", await sl.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));
    }

    [Fact]
    public async Task Tiles_filter_by_queue_and_the_tables_export_what_they_show_as_CSV()
    {
        var tenant = Tenants.New();
        await PublishQueuesAsync(server, tenant,
            Queue("sales", serviceLevel: null, asa: null, aht: null, abandonment: null, agents: new AgentCounts(1, 1, 0, 0, 0, 0)),
            Queue("support", agents: new AgentCounts(2, 0, 1, 0, 1, 0)));
        await PublishAgentsAsync(server, tenant,
            Agent("a-1", "Ann", "on_call", TimeSpan.FromSeconds(30), "support"),
            Agent("a-2", "Bob", "available", TimeSpan.FromSeconds(30), "sales"),
            Agent("a-3", "Cy, \"the\" lead", "busy", TimeSpan.FromSeconds(30), "support"));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/queues");
        var tiles = page.GetByTestId("agent-tiles").Locator("li[data-agent-id]");
        await Expect(tiles).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "queues-desktop.png"), FullPage = true });

        await page.GetByTestId("queue-filter").SelectOptionAsync("support");
        await Expect(page.GetByTestId("agent-tiles").Locator("li[data-agent-id]:visible")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("agent-tiles").Locator("li[data-agent-id='a-2']")).ToBeHiddenAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-queues").ClickAsync());
        Assert.Matches(@"^queues-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        Assert.Equal(
            "Queue,Waiting,Longest wait,Service level,Target,Offered,Answered,Abandoned,ASA,AHT,Abandonment rate,Available,On call,After-call work,Busy,Offline\r\n" +
            "sales,0,—,—,80.0 %,100,97,3,—,—,—,1,0,0,0,0\r\n" +
            "support,0,—,82 % in 20 s,80.0 %,100,97,3,0:14,4:05,3.0 %,0,1,0,1,0\r\n",
            await File.ReadAllTextAsync((await download.PathAsync())!));

        // The agent table exports the filtered rows: agent, id, status label, …, queues.
        await page.GetByTestId("agent-view-table").CheckAsync();
        await Expect(page.GetByTestId("agent-table-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("agent-tiles-view")).ToBeHiddenAsync();
        download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-agents").ClickAsync());
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Agent,ID,Status,Time in status,Since (UTC),Queues", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Ann,a-1,On call,0:", lines[1]);
        Assert.StartsWith("\"Cy, \"\"the\"\" lead\",a-3,Busy,0:", lines[2]);
        Assert.EndsWith(",support", lines[2]);
    }

    [Fact]
    public async Task An_agent_status_change_event_moves_the_tile_at_once_and_restarts_its_time_in_status()
    {
        var tenant = Tenants.New();
        await PublishAgentsAsync(server, tenant, Agent("a-1", "Ann", "available", TimeSpan.FromMinutes(10), "support"));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/queues");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var ann = page.GetByTestId("agent-tiles").Locator("li[data-agent-id='a-1']");
        await Expect(ann.Locator("[data-field='since']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^10:0"));

        await server.PublishAsync(tenant, Dashboard.Realtime.Topics.Agents, "agent_status_changed",
            new { agentId = "a-1", name = "Ann", status = "after_call_work", queues = new[] { "support" }, time = DateTimeOffset.UtcNow.ToString("O") }, isSnapshot: false);

        await Expect(ann).ToHaveAttributeAsync("data-status", "after_call_work");
        await Expect(ann.Locator("[data-field='status']")).ToHaveTextAsync("After-call work");
        await Expect(ann.Locator("[data-field='since']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0:0"));
    }

    [Fact]
    public async Task At_phone_width_the_page_does_not_scroll_sideways()
    {
        var tenant = Tenants.New();
        await PublishQueuesAsync(server, tenant, Queue("a-queue-with-a-rather-long-name", waiting: 12, longestWait: 3725));
        await PublishAgentsAsync(server, tenant, Agent("a-1", "An agent with a very long display name indeed", "on_call", TimeSpan.FromHours(2), "a-queue-with-a-rather-long-name"));
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 375, Height = 812 } });
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/queues");
        await Expect(page.GetByTestId("agent-tiles").Locator("li[data-agent-id]")).ToHaveCountAsync(1);

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the page scrolls sideways at 375 px");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "queues-375.png"), FullPage = true });
    }
}

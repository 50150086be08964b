using System.Net;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

public sealed class OverviewPageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{

    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_the_sign_in_page_which_explains_how_to_get_a_login_url()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");

        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("dotnet run --project Dashboard -- token --tenant demo --scope \"dashboard:read\"");
        await Expect(page.Locator("main")).ToContainTextAsync("/login?token=");
        await Expect(page.GetByLabel("Token")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task After_login_the_overview_shows_kpi_cards_and_the_libman_restored_chart_js_loads()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());

        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        foreach (var (testId, label) in new[] { ("kpi-active-calls", "Active calls"), ("kpi-queue-depth", "Queue depth"), ("kpi-dialing-rate", "Dialing rate"), ("kpi-total-attempts", "Total attempts") })
        {
            await Expect(page.GetByTestId(testId)).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Article, new() { Name = label })).ToBeVisibleAsync();
        }

        await Expect(page.GetByTestId("connection-state")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("campaign-table")).ToContainTextAsync("No campaign data yet.");
        Assert.True(await page.EvaluateAsync<bool>("() => typeof Chart === 'function'"));
        await page.WaitForFunctionAsync("() => window.dashboard?.charts.trend instanceof Chart && window.dashboard.charts.outcomes instanceof Chart");
        // Not an admin: no system health strip.
        await Expect(page.GetByTestId("system-health")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_chart_js_file_named_in_libman_json_is_served_from_wwwroot_lib()
    {
        using var http = server.Http();
        var response = await http.GetAsync("/lib/chart.js/dist/chart.umd.min.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Chart.js v4.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_view_is_rendered_from_the_newest_snapshots_with_nulls_as_dashes()
    {
        var tenant = Tenants.New();
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        await server.PublishAsync(tenant, Topics.Metrics, "metrics_update", Metrics(activeCalls: 7, queueDepth: 1234, dialingRate: 1.5, totalAttempts: 42), isSnapshot: true);
        await server.PublishAsync(tenant, Topics.Campaigns, "campaigns_update", new
        {
            campaigns = new object[]
            {
                new { campaignId = "cmp-1", name = "Spring <Renewals>", status = "active", activeCalls = 3, queueDepth = 400, totalAttempts = 20, answerRate = (double?)0.55, conversionRate = (double?)null },
            },
            computedAt = DateTimeOffset.UtcNow,
        }, isSnapshot: true);

        // Without JavaScript the server's own rendering is what a visitor sees.
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("7");
        await Expect(page.GetByTestId("kpi-queue-depth")).ToHaveTextAsync("1,234");
        await Expect(page.GetByTestId("kpi-dialing-rate")).ToHaveTextAsync("1.50");
        await Expect(page.GetByTestId("kpi-total-attempts")).ToHaveTextAsync("42");
        var row = page.GetByTestId("campaign-table").Locator("tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("th, td")).ToHaveTextAsync(["Spring <Renewals>", "active", "3", "400", "20", "55.0 %", "—"]);

        // With JavaScript the page renders the same embedded snapshot identically before any connection.
        await using var scripted = await browser.NewContextAsync(server);
        var live = await BrowserFixture.SignInAsync(scripted, server, tenant);
        await Expect(live.GetByTestId("kpi-queue-depth")).ToHaveTextAsync("1,234");
        await Expect(live.GetByTestId("campaign-table").Locator("tbody tr th, tbody tr td")).ToHaveTextAsync(["Spring <Renewals>", "active", "3", "400", "20", "55.0 %", "—"]);
    }

    [Fact]
    public async Task An_admin_sees_the_system_health_strip()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, Topics.System, "system_health_update", new
        {
            node = "node-a", cpuPercent = 12.34, workingSetBytes = 200L * 1048576, managedHeapBytes = 50L * 1048576,
            connections = new { websocket = 3, sse = 1 }, uptimeSeconds = 3725.0, computedAt = DateTimeOffset.UtcNow,
        }, isSnapshot: true);

        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant, "dashboard:read admin");

        var health = page.GetByTestId("system-health");
        await Expect(health).ToBeVisibleAsync();
        await Expect(health.Locator("[data-field=cpuPercent]")).ToHaveTextAsync("12.3 %");
        await Expect(health.Locator("[data-field=workingSetBytes]")).ToHaveTextAsync("200.0 MiB");
        await Expect(health.Locator("[data-field=websocket]")).ToHaveTextAsync("3");
        await Expect(health.Locator("[data-field=uptimeSeconds]")).ToHaveTextAsync("1 h 02 min");
    }

    internal static object Metrics(int activeCalls, int queueDepth, double dialingRate, long totalAttempts) => new
    {
        activeCalls, queueDepth, dialingRate, totalAttempts,
        answered = 20L, busy = 5L, failed = 2L, noAnswer = 10L, converted = 3L, optOuts = 1L,
        answerRate = (double?)0.5, conversionRate = (double?)null,
        outcomeCounts = new { completed = 16, busy = 5, no_answer = 10, failed = 2, converted = 3, opted_out = 1, abandoned = 0, voicemail = 0, canceled = 0 },
        campaignCount = 1, computedAt = DateTimeOffset.UtcNow,
    };
}

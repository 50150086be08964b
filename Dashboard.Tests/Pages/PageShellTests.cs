using System.Text.Json;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The shared page shell (docs/pages.md) as a user meets it on the Overview: theme, status bar, CSV, thresholds, nav.</summary>
public sealed class PageShellTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_theme_toggle_switches_to_dark_applies_the_dark_palette_and_survives_a_reload()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");

        await page.GetByTestId("theme-toggle").SelectOptionAsync("dark");

        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(13, 17, 23)");
        // The charts follow: the Overview's trend line takes the dark --chart-1, not the colour it was created with.
        await page.WaitForFunctionAsync(
            "() => window.dashboard?.charts?.trend?.data.datasets[0].borderColor === '#58a6ff'", null, new() { Timeout = 5_000 });
        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.GetByTestId("theme-toggle")).ToHaveValueAsync("dark");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(13, 17, 23)");

        // "System" follows the browser's preference, live.
        await page.GetByTestId("theme-toggle").SelectOptionAsync("system");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
    }

    [Fact]
    public async Task Export_CSV_downloads_the_campaign_table_as_shown_with_rfc_4180_quoting()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, Topics.Campaigns, "campaigns_update", new
        {
            campaigns = new object[]
            {
                new { campaignId = "cmp-1", name = "Spring \"Renewals\", 2026", status = "active", activeCalls = 3, queueDepth = 1400, totalAttempts = 20, answerRate = (double?)0.55, conversionRate = (double?)null },
                new { campaignId = "cmp-2", name = "Winter", status = "paused", activeCalls = 0, queueDepth = 0, totalAttempts = 0, answerRate = (double?)null, conversionRate = (double?)null },
            },
            computedAt = DateTimeOffset.UtcNow,
        }, isSnapshot: true);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await Expect(page.GetByTestId("campaign-table").Locator("tbody tr")).ToHaveCountAsync(2);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-campaigns").ClickAsync());

        Assert.Matches(@"^campaigns-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(
            "Campaign,Status,Active,Queue depth,Attempts,Answer rate,Conversion rate\r\n" +
            "\"Spring \"\"Renewals\"\", 2026\",active,3,\"1,400\",20,55.0 %,—\r\n" +
            "Winter,paused,0,0,0,—,—\r\n",
            csv);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Export CSV: Per-campaign status and metrics" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_failed_refresh_shows_the_error_banner_until_the_next_refresh_succeeds()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        var banner = page.GetByTestId("page-error");
        await Expect(banner).ToBeHiddenAsync();
        await page.RouteAsync("**/api/v1/snapshots/campaigns", route => route.FulfillAsync(new()
        {
            Status = 500, ContentType = "application/problem+json",
            Body = """{"title":"Storage unavailable","detail":"The database did not answer.","status":500}""",
        }));

        await page.GetByTestId("refresh").ClickAsync();

        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToHaveAttributeAsync("role", "alert");
        await Expect(banner).ToContainTextAsync("Storage unavailable: The database did not answer. (HTTP 500)");

        await page.UnrouteAllAsync();
        await page.GetByTestId("refresh").ClickAsync();
        await Expect(banner).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_problem_from_the_connection_shows_a_dismissible_toast_and_the_banner()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        // The same event RealtimeClient raises for a server 'error' frame.
        await page.EvaluateAsync("() => window.dashboard.client.dispatchEvent(new CustomEvent('problem', { detail: { code: 'rate_limited', message: 'Too many subscriptions' } }))");

        var toast = page.GetByTestId("toasts").GetByTestId("toast");
        await Expect(toast.Locator("p")).ToHaveTextAsync("Too many subscriptions (rate_limited)");
        await Expect(toast).ToHaveAttributeAsync("data-level", "warning");
        await Expect(page.GetByTestId("toasts")).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(page.GetByTestId("page-error")).ToContainTextAsync("Too many subscriptions");
        await toast.GetByRole(AriaRole.Button, new() { Name = "Dismiss notification" }).ClickAsync();
        await Expect(toast).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Values_past_the_configured_thresholds_are_marked_warning_or_critical()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, Topics.Campaigns, "campaigns_update", new
        {
            campaigns = new object[]
            {
                new { campaignId = "good", name = "Good", status = "active", activeCalls = 1, queueDepth = 1, totalAttempts = 10, answerRate = (double?)0.5, conversionRate = (double?)null },
                new { campaignId = "low", name = "Low", status = "active", activeCalls = 1, queueDepth = 1, totalAttempts = 10, answerRate = (double?)0.2, conversionRate = (double?)null },
                new { campaignId = "bad", name = "Bad", status = "active", activeCalls = 1, queueDepth = 1, totalAttempts = 10, answerRate = (double?)0.1, conversionRate = (double?)null },
            },
            computedAt = DateTimeOffset.UtcNow,
        }, isSnapshot: true);
        await server.PublishAsync(tenant, Topics.System, "system_health_update", new
        {
            node = "node-a", cpuPercent = 97.0, workingSetBytes = 1L, managedHeapBytes = 1L,
            connections = new { websocket = 1, sse = 0 }, uptimeSeconds = 5.0, computedAt = DateTimeOffset.UtcNow,
        }, isSnapshot: true);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant, "dashboard:read admin");

        // Defaults (Pages:Thresholds): answerRate warning below 0.25, critical below 0.15; cpuPercent critical above 95.
        var answerRate = (string id) => page.Locator($"tr[data-campaign-id='{id}'] td").Nth(4);
        await Expect(answerRate("good")).ToHaveAttributeAsync("data-level", "ok");
        await Expect(answerRate("low")).ToHaveAttributeAsync("data-level", "warning");
        await Expect(answerRate("bad")).ToHaveAttributeAsync("data-level", "critical");
        await Expect(answerRate("bad")).ToHaveAttributeAsync("title", "Critical: below 0.15");
        var cpu = page.GetByTestId("system-health").Locator("[data-field=cpuPercent]");
        await Expect(cpu).ToHaveAttributeAsync("data-level", "critical");
        // Not by colour alone: an icon comes before the value.
        Assert.Equal("\"✖ \"", await cpu.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content.split(' / ')[0]"));

        // The page gets the server's options as JSON.
        var config = JsonDocument.Parse(await page.Locator("#page-config").TextContentAsync() ?? "").RootElement;
        Assert.Equal(60, config.GetProperty("chartHistoryPoints").GetInt32());
        Assert.Equal("below", config.GetProperty("thresholds").GetProperty("serviceLevel").GetProperty("direction").GetString());
        Assert.Equal(0.7, config.GetProperty("thresholds").GetProperty("serviceLevel").GetProperty("critical").GetDouble());
    }

    [Fact]
    public async Task The_nav_lists_every_page_in_order_and_System_only_for_admin()
    {
        string[] everyone = ["Overview", "Campaigns", "Calls", "Queue & Agents", "Chat", "Commerce", "KPIs & Activity", "Alerts", "Jobs", "Wallboard"];
        await using var context = await browser.NewContextAsync(server);
        var reader = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        var nav = reader.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(everyone);
        Assert.Equal(["/", "/campaigns", "/calls", "/queues", "/chat", "/commerce", "/kpis", "/alerts", "/jobs", "/wallboard"],
            await nav.GetByRole(AriaRole.Link).EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Overview" })).ToHaveAttributeAsync("aria-current", "page");

        await using var adminContext = await browser.NewContextAsync(server);
        var admin = await BrowserFixture.SignInAsync(adminContext, server, Tenants.New(), "dashboard:read admin");
        await Expect(admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link)).ToHaveTextAsync([.. everyone, "System"]);
    }

    [Fact]
    public async Task At_phone_width_the_page_does_not_scroll_sideways_and_the_table_scrolls_in_its_own_region()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, Topics.Campaigns, "campaigns_update", new
        {
            campaigns = new object[] { new { campaignId = "c", name = "A campaign with a rather long name", status = "active", activeCalls = 1, queueDepth = 12345, totalAttempts = 67890, answerRate = (double?)0.5, conversionRate = (double?)0.1 } },
            computedAt = DateTimeOffset.UtcNow,
        }, isSnapshot: true);
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 375, Height = 812 } });
        var page = await BrowserFixture.SignInAsync(context, server, tenant, "dashboard:read admin");
        await Expect(page.GetByTestId("campaign-table").Locator("tbody tr")).ToHaveCountAsync(1);

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the page scrolls sideways at 375 px");
        var region = page.GetByRole(AriaRole.Region, new() { Name = "Campaigns" }).Locator(".table-scroll");
        Assert.True(await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the table region does not scroll");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "System" })).ToBeInViewportAsync();

        foreach (var theme in new[] { "light", "dark" })
        {
            await page.GetByTestId("theme-toggle").SelectOptionAsync(theme);
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"shell-overview-375-{theme}.png"), FullPage = true });
        }
    }
}

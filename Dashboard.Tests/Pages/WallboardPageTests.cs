using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.QueueBoardData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The real app with the Wallboard rotating every 3 s (the shortest <c>Pages:WallboardRotateSeconds</c>).</summary>
public sealed class FastWallboardServer : DashboardServer
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Pages:WallboardRotateSeconds"] = "3";
        return settings;
    }
}

/// <summary>The Wallboard (<c>/wallboard</c>) in a real browser against the real server.</summary>
public sealed class WallboardPageTests(FastWallboardServer server, BrowserFixture browser) : IClassFixture<FastWallboardServer>, IClassFixture<BrowserFixture>
{
    private async Task<string> TenantWithDataAsync()
    {
        var tenant = Tenants.New();
        await PublishQueuesAsync(server, tenant, Queue("support", waiting: 4, longestWait: 30), Queue("vip", serviceLevel: 0.5, threshold: 40));
        await PublishCampaignsAsync(server, tenant, ("cmp-1", "Spring", 12, 0.55), ("cmp-2", "Winter", 0, 0.1));
        return tenant;
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(string tenant, string path, BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.BaseURL = server.BaseAddress.ToString();
        options.ViewportSize ??= new() { Width = 1920, Height = 1080 };
        var context = await browser.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(BrowserFixture.TimeoutMs);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant)) + "&returnUrl=" + Uri.EscapeDataString(path));
        return (context, page);
    }

    [Fact]
    public async Task The_board_has_no_chrome_and_large_type_and_the_server_renders_its_first_view()
    {
        var tenant = await TenantWithDataAsync();
        var (context, page) = await OpenAsync(tenant, "/wallboard?view=queue:support", new() { JavaScriptEnabled = false });
        await using var _ = context;

        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("support");
        await Expect(page.GetByTestId("wb-waiting")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("wb-longest-wait")).ToHaveTextAsync("0:30");
        await Expect(page.GetByTestId("wb-service-level")).ToHaveTextAsync("82 % in 20 s");
        await Expect(page.Locator("header, nav, footer, .site-header")).ToHaveCountAsync(0);
        Assert.Equal("no-chrome", await page.Locator("body").GetAttributeAsync("class"));
        // Readable across a room: the figures are at least 96 px high on a 1080p screen (body text is 16 px).
        var size = await page.GetByTestId("wb-waiting").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(size >= 96, $"font-size {size}px");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "wallboard-1080p.png") });
    }

    [Fact]
    public async Task The_board_rotates_through_queues_and_campaigns_reusing_its_nodes()
    {
        var tenant = await TenantWithDataAsync();
        var (context, page) = await OpenAsync(tenant, "/wallboard");
        await using var _ = context;
        var title = page.GetByTestId("wb-title");
        await Expect(title).ToHaveTextAsync("support");
        await Expect(page.GetByTestId("wb-position")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-3] / 3$"));
        var nodes = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");

        await Expect(title).ToHaveTextAsync("vip");
        await Expect(page.GetByTestId("wb-service-level")).ToHaveTextAsync("50 % in 40 s");
        await Expect(page.GetByTestId("wb-service-level")).ToHaveAttributeAsync("data-level", "critical");
        await Expect(title).ToHaveTextAsync("Campaigns");
        await Expect(page.GetByTestId("wb-campaigns-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("wb-queue-view")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("wb-campaign-table").Locator("tbody tr:visible")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("wb-campaign-table").Locator("tr[data-campaign-id='cmp-2'] td").Nth(1)).ToHaveAttributeAsync("data-level", "critical");
        await Expect(title).ToHaveTextAsync("support");

        // A full cycle later the page holds exactly as many elements as before.
        Assert.Equal(nodes, await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length"));
    }

    [Fact]
    public async Task The_view_query_pins_one_view_and_Space_pauses_and_resumes_the_rotation()
    {
        var tenant = await TenantWithDataAsync();
        var (context, page) = await OpenAsync(tenant, "/wallboard?view=queue:vip");
        await using var _ = context;
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("vip");
        await Expect(page.GetByTestId("wb-position")).ToHaveTextAsync("Pinned");
        // Two rotation intervals later it still shows the pinned view.
        await page.WaitForFunctionAsync("t => Date.now() > t", DateTimeOffset.UtcNow.AddSeconds(7).ToUnixTimeMilliseconds(), new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("vip");

        await page.GotoAsync("/wallboard");
        await Expect(page.GetByTestId("wb-position")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-3] / 3$"));
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByTestId("wb-pause")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("wb-position")).ToContainTextAsync("paused");
        var paused = await page.GetByTestId("wb-title").TextContentAsync();
        await page.WaitForFunctionAsync("t => Date.now() > t", DateTimeOffset.UtcNow.AddSeconds(7).ToUnixTimeMilliseconds(), new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync(paused!);

        // Arrows step while paused; Space resumes and the rotation moves on by itself.
        var order = new[] { "support", "vip", "Campaigns" };
        var next = order[(Array.IndexOf(order, paused) + 1) % order.Length];
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync(next);
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByTestId("wb-pause")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync(order[(Array.IndexOf(order, next) + 1) % order.Length]);
    }

    [Fact]
    public async Task Under_reduced_motion_the_views_change_without_animation()
    {
        var tenant = await TenantWithDataAsync();
        var (context, page) = await OpenAsync(tenant, "/wallboard", new() { ReducedMotion = ReducedMotion.Reduce });
        await using var _ = context;
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("support");
        await page.EvaluateAsync("() => window.wallboard.next()");
        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.wb-view:not([hidden])')).animationName"));

        await using var moving = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ReducedMotion = ReducedMotion.NoPreference });
        var other = await moving.NewPageAsync();
        await other.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant)) + "&returnUrl=/wallboard");
        await other.EvaluateAsync("() => window.wallboard.next()");
        Assert.Equal("wb-fade", await other.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.wb-view:not([hidden])')).animationName"));
    }

    [Fact]
    public async Task Threshold_levels_show_a_non_colour_cue_and_a_stale_warning_appears_when_nothing_arrives()
    {
        var tenant = await TenantWithDataAsync();
        var (context, page) = await OpenAsync(tenant, "/wallboard?view=queue:vip");
        await using var _ = context;
        var sl = page.GetByTestId("wb-service-level");
        await Expect(sl).ToHaveAttributeAsync("data-level", "critical");
        Assert.Equal("double", await sl.EvaluateAsync<string>("e => getComputedStyle(e.closest('.wb-tile')).borderTopStyle"));
        Assert.Contains("✖", await sl.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));

        // Live: the level follows the next snapshot.
        await PublishQueuesAsync(server, tenant, Queue("support"), Queue("vip", serviceLevel: 0.95, threshold: 40));
        await Expect(sl).ToHaveAttributeAsync("data-level", "ok");
        await Expect(sl).ToHaveTextAsync("95 % in 40 s");

        var stale = page.GetByTestId("stale-warning");
        await Expect(stale).ToBeHiddenAsync();
        // As if the last data came long ago (3 × the refresh interval): the next tick says so.
        await page.EvaluateAsync("() => { window.wallboard.state.lastDataAt = Date.now() - window.wallboard.staleAfterMs - 1000; }");
        await Expect(stale).ToBeVisibleAsync();
        await Expect(stale).ToContainTextAsync("No new data since");
        await Expect(page.GetByTestId("wb-clock")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,2}:\d{2}"));
    }

    [Fact]
    public async Task A_wallboard_sign_in_link_lands_on_the_board_and_keeps_the_session_for_the_working_day()
    {
        var tenant = await TenantWithDataAsync();
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        var token = server.Token(tenant, "dashboard:read", lifetime: TimeSpan.FromHours(12));
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(token) + "&returnUrl=" + Uri.EscapeDataString("/wallboard?view=campaigns"));

        Assert.Equal("/wallboard?view=campaigns", new Uri(page.Url).PathAndQuery);
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("Campaigns");
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "dashboard.session");
        Assert.True(cookie.HttpOnly);
        Assert.True(DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires) > DateTimeOffset.UtcNow.AddHours(11), "the session ends before the working day does");
        await Expect(page.GetByTestId("wb-session")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("wb-session-ending"));
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        // Only a path of this site: anything else lands on the overview.
        foreach (var target in new[] { "//evil.example/x", "https://evil.example/", "/\\evil.example" })
        {
            await page.GotoAsync("/login?token=" + Uri.EscapeDataString(token) + "&returnUrl=" + Uri.EscapeDataString(target));
            Assert.Equal(server.BaseAddress.GetLeftPart(UriPartial.Authority) + "/", page.Url);
        }
    }

    [Fact]
    public async Task At_phone_width_the_board_does_not_scroll_sideways()
    {
        var tenant = await TenantWithDataAsync();
        var (context, page) = await OpenAsync(tenant, "/wallboard?view=queue:support", new() { ViewportSize = new() { Width = 375, Height = 812 } });
        await using var _ = context;
        await Expect(page.GetByTestId("wb-waiting")).ToHaveTextAsync("4");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the board scrolls sideways at 375 px");
        await page.GotoAsync("/wallboard?view=campaigns");
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("Campaigns");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the campaigns view scrolls sideways at 375 px");
    }
}

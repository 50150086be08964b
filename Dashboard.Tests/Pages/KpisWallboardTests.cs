using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.KpisPageData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>A server whose Wallboard shows every <c>leads</c> series and <c>social_mentions{network="x"}</c> (<c>Pages:Wallboard:Kpis</c>).</summary>
public sealed class WallboardKpisServer : DashboardServer
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Pages:Wallboard:Kpis:0"] = "social_mentions{network=\"x\"}";
        settings["Pages:Wallboard:Kpis:1"] = "leads";
        return settings;
    }
}

/// <summary>The Wallboard's <c>kpis</c> view: the configured series in configured order, live, in the rotation only while the tenant has them.</summary>
public sealed class KpisWallboardTests(WallboardKpisServer server, BrowserFixture browser) : IClassFixture<WallboardKpisServer>, IClassFixture<BrowserFixture>
{
    private static readonly Dictionary<string, string> NoLabels = [];

    private static object[] Series(DateTime now, double eu, bool euStale = false) =>
    [
        KpisPageData.Series("bookings", NoLabels, "counter", 5, now),
        KpisPageData.Series("leads", new() { ["region"] = "eu" }, "gauge", eu, now, unit: "leads", stale: euStale),
        KpisPageData.Series("leads", new() { ["region"] = "us" }, "gauge", 7, now, unit: "leads"),
        KpisPageData.Series("social_mentions", new() { ["network"] = "linkedin" }, "counter", 3, now),
        KpisPageData.Series("social_mentions", new() { ["network"] = "x" }, "counter", 1500, now),
    ];

    [Fact]
    public async Task The_kpis_view_shows_the_configured_series_in_order_and_follows_kpis_updates()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishKpisAsync(server, tenant, Update(now, Series(now, 12)));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/wallboard?view=kpis");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await Expect(page.GetByTestId("wb-kpis-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("KPIs");
        var tiles = page.GetByTestId("wb-kpi-tile");
        await Expect(tiles.Locator("visible=true")).ToHaveCountAsync(3);
        Assert.Equal(
            ["social_mentions{network=\"x\"}", "leads{region=\"eu\"}", "leads{region=\"us\"}"],
            await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-testid=\"wb-kpi-tile\"]:not([hidden])')].map(t => t.dataset.key)"));
        await Expect(tiles.Nth(0).Locator("[data-field='value']")).ToHaveTextAsync("1,500");
        await Expect(tiles.Nth(1).Locator("[data-field='labels']")).ToHaveTextAsync("region=eu");
        await Expect(tiles.Nth(1).Locator("[data-field='detail']")).ToHaveTextAsync("leads");
        // The pool is fixed: 8 tiles whatever is shown.
        await Expect(tiles).ToHaveCountAsync(8);

        var later = now.AddSeconds(2);
        await PublishKpisAsync(server, tenant, Update(later, Series(later, 14, euStale: true)));
        await Expect(tiles.Nth(1).Locator("[data-field='value']")).ToHaveTextAsync("14");
        await Expect(tiles.Nth(1)).ToHaveAttributeAsync("data-stale", "true");
        await Expect(tiles.Nth(1).Locator("[data-field='detail']")).ToHaveTextAsync("leads · ▲ stale");
        Assert.Contains("kpis", await page.EvaluateAsync<string[]>("() => window.wallboard.views()"));
    }

    [Fact]
    public async Task A_tenant_without_the_configured_series_has_no_kpis_view_in_the_rotation()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishKpisAsync(server, tenant, Update(now, KpisPageData.Series("bookings", NoLabels, "counter", 5, now)));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/wallboard");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        Assert.DoesNotContain("kpis", await page.EvaluateAsync<string[]>("() => window.wallboard.views()"));
        await Expect(page.GetByTestId("wb-kpis-view")).ToBeHiddenAsync();
        // The first leads series arrives: the view joins the rotation.
        await PublishKpisAsync(server, tenant, Update(now.AddSeconds(1), KpisPageData.Series("leads", new() { ["region"] = "eu" }, "gauge", 3, now)));
        await page.WaitForFunctionAsync("() => window.wallboard.views().includes('kpis')");
    }
}

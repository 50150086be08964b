using System.Text.RegularExpressions;
using Dashboard.Commerce;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.CommercePageData;
using static Dashboard.Tests.Pages.QueueBoardData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>Commerce outside the Commerce page: the Wallboard's commerce view and the Overview's commerce cards, in a real browser.</summary>
public sealed class CommerceCardsTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private const string Nbsp = "\u00A0";

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(string tenant, string path)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1920, Height = 1080 } });
        context.SetDefaultTimeout(BrowserFixture.TimeoutMs);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant)) + "&returnUrl=" + Uri.EscapeDataString(path));
        return (context, page);
    }

    private static ILocator RevenueTile(IPage page, string currency) =>
        page.GetByTestId("wb-commerce-view").Locator($"[data-testid='wb-revenue-tile'][data-currency='{currency}'] [data-field='today']");

    [Fact]
    public async Task The_wallboard_shows_a_commerce_view_in_its_rotation_when_the_tenant_has_commerce_data()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishQueuesAsync(server, tenant, Queue("support", waiting: 1, longestWait: 10));
        await PublishCommerceAsync(server, tenant, Update(now, "Asia/Kolkata"));
        var (context, page) = await OpenAsync(tenant, "/wallboard?view=commerce");
        await using var _ = context;

        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("Commerce");
        await Expect(page.GetByTestId("wb-kind")).ToHaveTextAsync("Shop");
        await Expect(page.GetByTestId("wb-commerce-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("wb-queue-view")).ToBeHiddenAsync();
        await Expect(RevenueTile(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}1,234.50");
        await Expect(RevenueTile(page, "USD")).ToHaveTextAsync($"USD{Nbsp}99.99");
        // Two currencies: the third tile of the pool stays hidden.
        await Expect(page.GetByTestId("wb-revenue-tile").Nth(2)).ToBeHiddenAsync();
        await Expect(page.GetByTestId("wb-active-now")).ToHaveTextAsync("12");
        await Expect(page.GetByTestId("wb-active-today")).ToHaveTextAsync("340");
        await Expect(page.GetByTestId("wb-completed-today")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("wb-conversion-today")).ToHaveTextAsync("4.0 %");
        await Expect(page.GetByTestId("wb-commerce-zone")).ToHaveTextAsync("Asia/Kolkata");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        // Live: a refund takes revenue out, a third currency takes the spare tile.
        await PublishCommerceAsync(server, tenant, Update(now.AddSeconds(1), "Asia/Kolkata",
            new CurrencyRevenue("EUR", 10_000m, 734.50m, 1_500m, 4_500.75m),
            new CurrencyRevenue("JPY", 1_500m, 1_500m, 1_500m, 1_500m),
            new CurrencyRevenue("USD", 300.00m, 99.99m, 150.00m, 250.00m)));
        await Expect(RevenueTile(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}734.50");
        await Expect(RevenueTile(page, "JPY")).ToHaveTextAsync($"JPY{Nbsp}1,500");
        await Expect(page.GetByTestId("wb-revenue-tile").Nth(2)).ToBeVisibleAsync();

        // Unpinned, the rotation holds the queue, then commerce (no chat, no campaigns: none published).
        await page.GotoAsync("/wallboard");
        await Expect(page.GetByTestId("wb-position")).ToHaveTextAsync(new Regex(@"^[12] / 2$"));
        Assert.Equal(["queue:support", "commerce"], await page.EvaluateAsync<string[]>("() => window.wallboard.views()"));
        await page.EvaluateAsync("() => { window.wallboard.setPaused(true); if (window.wallboard.state.view !== 'commerce') window.wallboard.next(); }");
        await Expect(page.GetByTestId("wb-kind")).ToHaveTextAsync("Shop");
        await Expect(RevenueTile(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}734.50");
    }

    [Fact]
    public async Task A_tenant_without_commerce_data_has_no_commerce_view_and_gains_it_when_commerce_data_arrives()
    {
        var tenant = Tenants.New();
        await PublishQueuesAsync(server, tenant, Queue("support"));
        await PublishCommerceAsync(server, tenant, Empty(DateTime.UtcNow));
        var (context, page) = await OpenAsync(tenant, "/wallboard");
        await using var _ = context;
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        Assert.Equal(["queue:support"], await page.EvaluateAsync<string[]>("() => window.wallboard.views()"));

        await PublishCommerceAsync(server, tenant, Update(DateTime.UtcNow));
        await page.WaitForFunctionAsync("() => window.wallboard.views().includes('commerce')");
    }

    [Fact]
    public async Task The_overview_shows_commerce_cards_only_when_the_tenant_has_commerce_data_and_keeps_them_live()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var cards = page.GetByTestId("overview-commerce");
        await Expect(cards).ToBeHiddenAsync();
        await PublishCommerceAsync(server, tenant, Empty(DateTime.UtcNow));
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=\"ov-active-now\"]').textContent === '0'");
        await Expect(cards).ToBeHiddenAsync();

        var now = DateTime.UtcNow;
        await PublishCommerceAsync(server, tenant, Update(now, "America/New_York"));
        await Expect(cards).ToBeVisibleAsync();
        var revenue = cards.GetByTestId("ov-revenue");
        await Expect(revenue).ToHaveCountAsync(2);
        await Expect(revenue.Locator("[data-field='today']")).ToHaveTextAsync([$"EUR{Nbsp}1,234.50", $"USD{Nbsp}99.99"]);
        await Expect(page.GetByTestId("ov-active-now")).ToHaveTextAsync("12");
        await Expect(page.GetByTestId("ov-completed-today")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("ov-conversion-today")).ToHaveTextAsync("4.0 %");
        await Expect(page.GetByTestId("ov-commerce-today")).ToHaveTextAsync("Today (America/New_York)");
        await Expect(cards.GetByRole(AriaRole.Link, new() { Name = "Commerce page" })).ToHaveAttributeAsync("href", "/commerce");

        // A currency that leaves the payload leaves the cards.
        await PublishCommerceAsync(server, tenant, Update(now.AddSeconds(1), "America/New_York", new CurrencyRevenue("USD", 300.00m, 120.00m, 150.00m, 250.00m)));
        await Expect(revenue).ToHaveCountAsync(1);
        await Expect(revenue.Locator("[data-field='today']")).ToHaveTextAsync($"USD{Nbsp}120.00");

        // Reloaded, the server renders them from the snapshot.
        await page.ReloadAsync();
        await Expect(cards).ToBeVisibleAsync();
        await Expect(revenue.Locator("[data-field='today']")).ToHaveTextAsync($"USD{Nbsp}120.00");
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Commerce;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.CommercePageData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The Commerce page (<c>/commerce</c>) in a real browser against the real server, from published <c>commerce_update</c> snapshots.</summary>
public sealed class CommercePageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private const string Nbsp = "\u00A0";

    internal static ILocator Counter(IPage page, string currency) =>
        page.GetByTestId("revenue-counters").Locator($"[data-currency='{currency}'] [data-field='today']");

    internal static ILocator RevenueField(IPage page, string currency, string field) =>
        page.GetByTestId("revenue-counters").Locator($"[data-currency='{currency}'] [data-field='{field}']");

    private async Task<IPage> OpenAsync(IBrowserContext context, string tenant)
    {
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/commerce");
        return page;
    }

    // Records every text the counters of `currencies` show from now on, in window.counterTexts[currency].
    internal static Task RecordCounterTextsAsync(IPage page, params string[] currencies) => page.EvaluateAsync(
        """
        currencies => {
          window.counterTexts = {};
          for (const c of currencies) {
            const el = document.querySelector(`[data-testid="revenue-counters"] [data-currency="${c}"] [data-field="today"]`);
            window.counterTexts[c] = [];
            new MutationObserver(() => window.counterTexts[c].push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
          }
        }
        """, currencies);

    internal static decimal Amount(string text) =>
        decimal.Parse(text[(text.IndexOf('\u00A0', StringComparison.Ordinal) + 1)..].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_server_renders_the_first_view_with_exact_amounts_per_currency_in_the_tenants_time_zone()
    {
        var tenant = Tenants.New();
        await PublishCommerceAsync(server, tenant, Update(DateTime.UtcNow, "Asia/Kolkata",
            new CurrencyRevenue("EUR", 123_456_789_012.34m, 1_234.50m, 2_000m, 5_000.75m),
            new CurrencyRevenue("JPY", 1_500m, 1_500m, 1_500m, 1_500m),
            new CurrencyRevenue("KWD", 12.345m, 12.345m, 12.3m, 12.345m)));
        // Without JavaScript: everything on the page came from the server.
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await OpenAsync(context, tenant);

        await Expect(page.Locator("h1")).ToHaveTextAsync("Commerce");
        await Expect(page.GetByTestId("commerce-today")).ToHaveTextAsync("Today (Asia/Kolkata)");
        await Expect(page.GetByTestId("commerce-zone")).ToContainTextAsync("time zone Asia/Kolkata");
        await Expect(Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}1,234.50");
        await Expect(RevenueField(page, "EUR", "total")).ToHaveTextAsync($"EUR{Nbsp}123,456,789,012.34");
        await Expect(RevenueField(page, "EUR", "thisWeek")).ToHaveTextAsync($"EUR{Nbsp}2,000.00");
        await Expect(Counter(page, "JPY")).ToHaveTextAsync($"JPY{Nbsp}1,500");
        await Expect(Counter(page, "KWD")).ToHaveTextAsync($"KWD{Nbsp}12.345");
        await Expect(RevenueField(page, "KWD", "thisWeek")).ToHaveTextAsync($"KWD{Nbsp}12.300");
        Assert.Equal(["EUR", "JPY", "KWD"], await page.GetByTestId("revenue-counters").Locator("[data-currency]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.currency)"));
        await Expect(page.GetByTestId("kpi-active-now")).ToHaveTextAsync("12");
        await Expect(page.GetByTestId("kpi-active-today")).ToHaveTextAsync("340");
        await Expect(page.GetByTestId("kpi-active-peak")).ToHaveTextAsync("25");
        await Expect(page.GetByTestId("kpi-completed-today")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-conversion-today")).ToHaveTextAsync("4.0 %");
        await Expect(page.GetByTestId("kpi-conversion-today-detail")).ToHaveTextAsync("8 purchases of 200 views");
        await Expect(page.GetByTestId("kpi-conversion-total")).ToHaveTextAsync("5.0 %");
        var refunded = page.GetByTestId("commerce-status-table").Locator("tr[data-status='refunded']");
        await Expect(refunded.Locator("[data-field='today']")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("commerce-status-table").Locator("tr[data-status='total'] [data-field='total']")).ToHaveTextAsync("10");
        await Expect(page.GetByTestId("commerce-content").Locator("[data-field='totalViews']")).ToHaveTextAsync("1,000");
        await Expect(page.GetByTestId("commerce-empty")).ToBeHiddenAsync();

        // With JavaScript the script renders the same text: nothing jumps when it takes over.
        await using var live = await browser.NewContextAsync(server);
        var scripted = await OpenAsync(live, tenant);
        await Expect(scripted.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await scripted.WaitForFunctionAsync("() => window.dashboard?.commerce != null");
        foreach (var (currency, field) in new[] { ("EUR", "today"), ("EUR", "total"), ("JPY", "today"), ("KWD", "today"), ("KWD", "thisWeek") })
        {
            Assert.Equal(await RevenueField(page, currency, field).TextContentAsync(), await RevenueField(scripted, currency, field).TextContentAsync());
        }
    }

    [Fact]
    public async Task Each_currency_counts_up_to_its_new_exact_amount_and_down_after_a_refund()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishCommerceAsync(server, tenant, Update(now));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}1,234.50");
        await RecordCounterTextsAsync(page, "EUR", "USD");

        // EUR rises, USD stays, a third currency appears.
        await PublishCommerceAsync(server, tenant, Update(now.AddSeconds(1), "UTC",
            new CurrencyRevenue("EUR", 11_265.75m, 2_000.00m, 2_765.50m, 5_766.25m),
            new CurrencyRevenue("JPY", 1_500m, 1_500m, 1_500m, 1_500m),
            new CurrencyRevenue("USD", 300.00m, 99.99m, 150.00m, 250.00m)));
        await Expect(Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}2,000.00");
        await Expect(Counter(page, "JPY")).ToHaveTextAsync($"JPY{Nbsp}1,500");
        await Expect(RevenueField(page, "EUR", "thisWeek")).ToHaveTextAsync($"EUR{Nbsp}2,765.50");
        await Expect(RevenueField(page, "EUR", "todayText")).ToHaveTextAsync($"EUR{Nbsp}2,000.00");
        var eur = await page.EvaluateAsync<string[]>("() => window.counterTexts.EUR");
        Assert.Equal($"EUR{Nbsp}2,000.00", eur[^1]);
        // Counted up through amounts in between, each with the currency's two decimals, never backwards.
        var steps = eur[..^1].Select(Amount).ToList();
        Assert.NotEmpty(steps);
        Assert.All(eur, text => Assert.Matches(@"^EUR\u00A0\d{1,3}(,\d{3})*\.\d{2}$", text));
        Assert.All(steps, a => Assert.InRange(a, 1_234.50m, 2_000.00m));
        Assert.Equal(steps.Order(), steps);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.counterTexts.USD"));
        Assert.Equal(["EUR", "JPY", "USD"], await page.GetByTestId("revenue-counters").Locator("[data-currency]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.currency)"));

        // A refund takes EUR 250.25 out of today: the counter counts down.
        await RecordCounterTextsAsync(page, "EUR");
        await PublishCommerceAsync(server, tenant, Update(now.AddSeconds(2), "UTC",
            new CurrencyRevenue("EUR", 11_015.50m, 1_749.75m, 2_515.25m, 5_516.00m),
            new CurrencyRevenue("USD", 300.00m, 99.99m, 150.00m, 250.00m)));
        await Expect(Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}1,749.75");
        await Expect(page.GetByTestId("revenue-counters").Locator("[data-currency='JPY']")).ToHaveCountAsync(0);
        var down = (await page.EvaluateAsync<string[]>("() => window.counterTexts.EUR")).Select(Amount).ToList();
        Assert.True(down.Count >= 2, $"no step between: {string.Join(" | ", down)}");
        Assert.Equal(down.OrderDescending(), down);
        Assert.Equal("1749.75", await Counter(page, "EUR").GetAttributeAsync("data-value"));
    }

    [Fact]
    public async Task Under_reduced_motion_the_counter_shows_the_new_amount_at_once()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishCommerceAsync(server, tenant, Update(now));
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ReducedMotion = ReducedMotion.Reduce });
        context.SetDefaultTimeout(BrowserFixture.TimeoutMs);
        var page = await OpenAsync(context, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}1,234.50");
        await RecordCounterTextsAsync(page, "EUR");

        await PublishCommerceAsync(server, tenant, Update(now.AddSeconds(1), "UTC",
            new CurrencyRevenue("EUR", 20_000m, 9_876.54m, 10_000m, 15_000m)));
        await Expect(Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}9,876.54");
        Assert.Equal([$"EUR{Nbsp}9,876.54"], await page.EvaluateAsync<string[]>("() => window.counterTexts.EUR"));
    }

    [Fact]
    public async Task The_charts_draw_one_revenue_line_per_currency_never_summed_and_the_active_user_trend_in_the_tenants_zone()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishCommerceAsync(server, tenant, Update(now, "Asia/Kolkata"));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await page.WaitForFunctionAsync("() => window.dashboard?.charts?.revenue?.data.labels.length === 60");

        Assert.Equal(["EUR", "USD"], await page.EvaluateAsync<string[]>("() => window.dashboard.charts.revenue.data.datasets.map(d => d.label)"));
        var eur = await page.EvaluateAsync<double[]>("() => window.dashboard.charts.revenue.data.datasets[0].data");
        var usd = await page.EvaluateAsync<double[]>("() => window.dashboard.charts.revenue.data.datasets[1].data");
        Assert.Equal([0, 10.1, 10.1, 10.1], eur[^4..]);
        Assert.Equal([0, 0, 0, 5], usd[^4..]);
        Assert.DoesNotContain(15.1, eur);
        var colours = await page.EvaluateAsync<string[]>("() => window.dashboard.charts.revenue.data.datasets.map(d => d.borderColor)");
        Assert.NotEqual(colours[0], colours[1]);
        await Expect(page.GetByTestId("commerce-revenue-chart")).ToHaveAttributeAsync("aria-label",
            $"Line chart of completed revenue per minute over the last hour, one line per currency: EUR{Nbsp}30.30 in the hour, USD{Nbsp}5.00 in the hour.");

        // Minutes are labelled in the tenant's zone: Asia/Kolkata is UTC+05:30.
        var lastLabel = await page.EvaluateAsync<string>("() => window.dashboard.charts.revenue.data.labels.at(-1)");
        Assert.Matches($@":{(MinuteOf(now).Minute + 30) % 60:00}( [AP]M)?$", lastLabel);
        await Expect(page.GetByTestId("commerce-today")).ToHaveTextAsync("Today (Asia/Kolkata)");

        var users = await page.EvaluateAsync<double?[]>("() => window.dashboard.charts.users.data.datasets[0].data");
        Assert.Equal(60, users.Length);
        Assert.All(users[..30], v => Assert.Null(v));
        Assert.Equal(5 + 59 % 7, users[^1]);
        await Expect(page.GetByTestId("commerce-users-chart")).ToHaveAttributeAsync("aria-label", new Regex(@"^Line chart of active users per minute over the last hour: 8 at .+, highest 11\.$"));

        // Dark mode: the charts take the dark palette.
        await page.GetByTestId("theme-toggle").SelectOptionAsync("dark");
        await page.WaitForFunctionAsync("() => window.dashboard.charts.users.data.datasets[0].borderColor === '#58a6ff'");
    }

    [Fact]
    public async Task The_transactions_by_status_table_exports_what_it_shows_as_CSV()
    {
        var tenant = Tenants.New();
        await PublishCommerceAsync(server, tenant, Update(DateTime.UtcNow));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("kpi-active-now")).ToHaveTextAsync("12");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-commerce-transaction-status").ClickAsync());
        Assert.Matches(@"^commerce-transaction-status-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        Assert.Equal(
            "Status,Today,All time\r\nPending,1,2\r\nCompleted,2,5\r\nFailed,0,2\r\nRefunded,1,1\r\nTotal,4,10\r\n",
            await File.ReadAllTextAsync((await download.PathAsync())!));
        foreach (var name in new[] { "commerce-transactions", "commerce-content", "commerce-revenue-per-day" })
        {
            await Expect(page.GetByTestId($"export-{name}")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task A_tenant_without_commerce_data_is_told_how_to_send_commerce_events()
    {
        var tenant = Tenants.New();
        await PublishCommerceAsync(server, tenant, Empty(DateTime.UtcNow));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);

        var empty = page.GetByTestId("commerce-empty");
        await Expect(empty).ToBeVisibleAsync();
        await Expect(empty).ToContainTextAsync("docs/events.md §4 “Commerce”");
        await Expect(empty).ToContainTextAsync("transaction.updated");
        await Expect(page.GetByTestId("revenue-none")).ToHaveTextAsync("No completed revenue yet.");
        await Expect(page.GetByTestId("kpi-conversion-today")).ToHaveTextAsync("—");

        // The first commerce update hides it.
        await PublishCommerceAsync(server, tenant, Update(DateTime.UtcNow));
        await Expect(empty).ToBeHiddenAsync();
        await Expect(page.GetByTestId("revenue-none")).ToBeHiddenAsync();
        await Expect(Counter(page, "USD")).ToHaveTextAsync($"USD{Nbsp}99.99");
    }

    [Fact]
    public async Task At_phone_width_the_page_does_not_scroll_sideways()
    {
        var tenant = Tenants.New();
        await PublishCommerceAsync(server, tenant, Update(DateTime.UtcNow, "America/New_York",
            new CurrencyRevenue("EUR", 123_456_789_012.34m, 98_765_432.10m, 123_456_789.00m, 1_234_567_890.12m)));
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 375, Height = 812 } });
        context.SetDefaultTimeout(BrowserFixture.TimeoutMs);
        var page = await OpenAsync(context, tenant);
        await Expect(Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}98,765,432.10");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the page scrolls sideways at 375 px");
        await page.GetByTestId("export-commerce-transactions").FocusAsync();
        await Expect(page.GetByTestId("export-commerce-transactions")).ToBeFocusedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "commerce-375.png"), FullPage = true });
    }
}

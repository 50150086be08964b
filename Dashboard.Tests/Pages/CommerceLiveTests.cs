using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>A server whose tenant <see cref="KolkataTenant"/> keeps its business day in Asia/Kolkata (UTC+05:30).</summary>
public sealed class CommerceZoneServer : DashboardServer
{
    /// <summary>The tenant configured with <c>Tenants:{tenant}:TimeZone</c> = Asia/Kolkata.</summary>
    public const string KolkataTenant = "shop-kolkata";

    /// <inheritdoc />
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings[$"Tenants:{KolkataTenant}:TimeZone"] = "Asia/Kolkata";
        return settings;
    }
}

/// <summary>
/// The Commerce page end to end: commerce events posted through <c>POST /api/v1/events</c> are folded, computed and
/// published on <c>commerce</c> by the tick, and the open page's counters, cards and tables change; the tables are read
/// from the commerce REST reports and export what they show.
/// </summary>
public sealed class CommerceLiveTests(CommerceZoneServer server, BrowserFixture browser) : IClassFixture<CommerceZoneServer>, IClassFixture<BrowserFixture>
{
    private const string Nbsp = "\u00A0";

    private static object Tx(DateTimeOffset t, string id, decimal amount, string currency, string status) =>
        CloudEvent("transaction.updated", t, new { transactionId = id, amount, currency, status });

    private static ILocator TxRow(IPage page, string id) =>
        page.GetByTestId("commerce-transactions-table").Locator($"tr[data-transaction-id='{id}']");

    [Fact]
    public async Task Ingested_commerce_events_change_the_revenue_counters_users_and_tables_and_a_refund_takes_revenue_out()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var t = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("user.active", t.AddSeconds(-20), new { userId = "u-1" }),
            CloudEvent("user.active", t.AddSeconds(-10), new { userId = "u-2" }),
            CloudEvent("content.viewed", t.AddSeconds(-9), new { contentId = "c-1", userId = "u-1" }),
            CloudEvent("content.viewed", t.AddSeconds(-8), new { contentId = "c-1", userId = "u-2" }),
            CloudEvent("content.viewed", t.AddSeconds(-7), new { contentId = "c-2" }),
            CloudEvent("content.purchased", t.AddSeconds(-6), new { contentId = "c-1", amount = 12.50m, currency = "EUR" }),
            Tx(t.AddSeconds(-6), "t-1", 12.50m, "EUR", "pending"),
            Tx(t.AddSeconds(-5), "t-1", 12.50m, "EUR", "completed"),
            Tx(t.AddSeconds(-5), "t-2", 20m, "USD", "completed"),
            Tx(t.AddSeconds(-4), "t-3", 7.25m, "EUR", "completed"),
            Tx(t.AddSeconds(-3), "t-4", 3m, "EUR", "failed"));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/commerce");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await Expect(CommercePageTests.Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}19.75");
        await Expect(CommercePageTests.Counter(page, "USD")).ToHaveTextAsync($"USD{Nbsp}20.00");
        await Expect(CommercePageTests.RevenueField(page, "EUR", "total")).ToHaveTextAsync($"EUR{Nbsp}19.75");
        await Expect(page.GetByTestId("kpi-active-now")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-active-today")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-completed-today")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("kpi-conversion-total")).ToHaveTextAsync("33.3 %");
        await Expect(page.GetByTestId("commerce-status-table").Locator("tr[data-status='failed'] [data-field='total']")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("commerce-today")).ToHaveTextAsync("Today (UTC)");
        await Expect(page.GetByTestId("commerce-empty")).ToBeHiddenAsync();
        // The tables come from the REST reports.
        await Expect(page.GetByTestId("commerce-transactions-table").Locator("tbody tr[data-transaction-id]")).ToHaveCountAsync(4);
        await Expect(TxRow(page, "t-3").Locator("[data-field='amount']")).ToHaveTextAsync("7.25");
        await Expect(TxRow(page, "t-2").Locator("[data-field='currency']")).ToHaveTextAsync("USD");
        var c1 = page.GetByTestId("commerce-content-table").Locator("tr[data-content-id='c-1']");
        await Expect(c1.Locator("[data-field='views']")).ToHaveTextAsync("2");
        await Expect(c1.Locator("[data-field='purchases']")).ToHaveTextAsync("1");
        await Expect(c1.Locator("[data-field='conversionRate']")).ToHaveTextAsync("50.0 %");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var perDay = page.GetByTestId("commerce-revenue-days-table");
        await Expect(perDay.Locator($"tr[data-day='{today}'][data-currency='EUR'] [data-field='amount']")).ToHaveTextAsync("19.75");
        await Expect(perDay.Locator($"tr[data-day='{today}'][data-currency='EUR'] [data-field='transactions']")).ToHaveTextAsync("2");
        await Expect(perDay.Locator($"tr[data-day='{today}'][data-currency='USD'] [data-field='amount']")).ToHaveTextAsync("20.00");

        // A refund of t-3 (newer than its completion) and a third user.
        await CommercePageTests.RecordCounterTextsAsync(page, "EUR");
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(Tx(now, "t-3", 7.25m, "EUR", "refunded"), CloudEvent("user.active", now, new { userId = "u-3" }));

        await Expect(CommercePageTests.Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}12.50");
        await Expect(CommercePageTests.RevenueField(page, "EUR", "total")).ToHaveTextAsync($"EUR{Nbsp}12.50");
        await Expect(CommercePageTests.Counter(page, "USD")).ToHaveTextAsync($"USD{Nbsp}20.00");
        await Expect(page.GetByTestId("kpi-active-now")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("commerce-status-table").Locator("tr[data-status='refunded'] [data-field='today']")).ToHaveTextAsync("1");
        await Expect(TxRow(page, "t-3").Locator("[data-field='status']")).ToHaveTextAsync("Refunded");
        await Expect(perDay.Locator($"tr[data-day='{today}'][data-currency='EUR'] [data-field='amount']")).ToHaveTextAsync("12.50");
        var down = (await page.EvaluateAsync<string[]>("() => window.counterTexts.EUR")).Select(CommercePageTests.Amount).ToList();
        // The refund moves EUR today from 19.75 to 12.50 in one snapshot and the counter counts down over 0.9 s (no
        // reduced motion here; the next snapshot is a tick away): at least one amount in between, then the final one.
        Assert.True(down.Count >= 2, $"the counter showed {down.Count} text(s) while counting down");
        Assert.Equal(down.OrderDescending(), down);
        Assert.Equal(12.50m, down[^1]);
        await Expect(page.GetByTestId("page-error")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_transaction_content_and_revenue_per_day_tables_export_what_they_show_as_CSV()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var t = DateTimeOffset.UtcNow;
        await events.PostAsync(
            Tx(t.AddSeconds(-3), "t-1", 1234.5m, "EUR", "completed"),
            Tx(t.AddSeconds(-2), "=cmd|' /C calc'!A0", 1500m, "JPY", "completed"),
            Tx(t.AddSeconds(-1), "t-3", 9.99m, "USD", "pending"),
            CloudEvent("content.viewed", t, new { contentId = "c-1" }));
        await events.WaitForAsync("/api/v1/commerce", d => d.GetProperty("transactions").GetProperty("total").GetInt32() == 3);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/commerce");
        await Expect(page.GetByTestId("commerce-transactions-table").Locator("tbody tr[data-transaction-id]")).ToHaveCountAsync(3);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-commerce-transactions").ClickAsync());
        Assert.Matches(@"^commerce-transactions-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n");
        Assert.Equal("Transaction,Status,Amount,Currency,Status at,First seen", lines[0]);
        // Newest status first; amounts as plain exact decimals; a formula-like id neutralised.
        var stamp = @"""?[\d/.\-]+,? [\d:]+( [AP]M)?""?";
        Assert.Matches($"^t-3,Pending,9.99,USD,{stamp},{stamp}$", lines[1]);
        Assert.Matches($@"^'=cmd\|' /C calc'!A0,Completed,1500,JPY,{stamp},{stamp}$", lines[2]);
        Assert.Matches($"^t-1,Completed,1234.50,EUR,{stamp},{stamp}$", lines[3]);
        Assert.Equal(5, lines.Length);

        download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-commerce-content").ClickAsync());
        Assert.Equal("Content,Views,Purchases,Conversion\r\nc-1,1,0,0.0 %\r\n", await File.ReadAllTextAsync((await download.PathAsync())!));

        await page.GetByTestId("revenue-days").SelectOptionAsync("7");
        await Expect(page.GetByTestId("commerce-revenue-days-table").Locator("tbody tr[data-day]")).ToHaveCountAsync(7 * 2);
        download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-commerce-revenue-per-day").ClickAsync());
        lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["Day,Currency,Revenue,Transactions", $"{today},EUR,1234.50,1", $"{today},JPY,1500,1"], lines[..3]);
        Assert.Equal(1 + 7 * 2 + 1, lines.Length);
    }

    [Fact]
    public async Task A_tenant_in_Asia_Kolkata_sees_its_zone_and_the_commerce_pages_load_without_a_console_error_or_a_failed_request()
    {
        var tenant = CommerceZoneServer.KolkataTenant;
        using var events = new PageEvents(server, tenant);
        var t = DateTimeOffset.UtcNow;
        await events.PostAsync(Tx(t, "k-1", 99.5m, "INR", "completed"), CloudEvent("user.active", t, new { userId = "u-1" }));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add($"{page.Url}: console error {m.Text}"); };
        page.PageError += (_, e) => { lock (problems) problems.Add($"{page.Url}: uncaught {e}"); };
        page.Response += (_, r) => { if (r.Status >= (int)HttpStatusCode.BadRequest) lock (problems) problems.Add($"{page.Url}: HTTP {r.Status} for {r.Url}"); };

        await page.GotoAsync("/commerce");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("commerce-today")).ToHaveTextAsync("Today (Asia/Kolkata)");
        await Expect(page.GetByTestId("commerce-zone").Locator("[data-field='timeZone']")).ToHaveTextAsync("Asia/Kolkata");
        await Expect(CommercePageTests.Counter(page, "INR")).ToHaveTextAsync($"INR{Nbsp}99.50");
        await Expect(page.GetByTestId("commerce-transactions-table").Locator("tbody tr[data-transaction-id]")).ToHaveCountAsync(1);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "commerce-1280.png"), FullPage = true });

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("overview-commerce")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("ov-commerce-today")).ToHaveTextAsync("Today (Asia/Kolkata)");
        await Expect(page.GetByTestId("ov-active-now")).ToHaveTextAsync("1");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GotoAsync("/wallboard?view=commerce");
        await Expect(page.GetByTestId("wb-commerce-zone")).ToHaveTextAsync("Asia/Kolkata");
        await Expect(page.GetByTestId("wb-revenue-tile").First.Locator("[data-field='today']")).ToHaveTextAsync($"INR{Nbsp}99.50");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task On_the_polling_fallback_the_page_reads_the_commerce_figures_over_REST()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await events.PostAsync(Tx(DateTimeOffset.UtcNow, "t-1", 5m, "EUR", "completed"));
        await events.WaitForAsync("/api/v1/commerce", d => d.GetProperty("transactions").GetProperty("completed").GetInt32() == 1);
        await using var context = await browser.NewContextAsync(server);
        // WebSocket and SSE refused, and the snapshot poll answers "no snapshot yet" (204): only the page's own reads of
        // /api/v1/commerce can bring the figures.
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
            ws.OnMessage(frame => _ = ws.CloseAsync(new() { Code = 1011, Reason = "refused" })));
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", route => route.FulfillAsync(new() { Status = 503 }));
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/api/v1/snapshots/commerce", route => route.FulfillAsync(new() { Status = 204 }));
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/commerce");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Polling");
        await Expect(CommercePageTests.Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}5.00");

        await events.PostAsync(Tx(DateTimeOffset.UtcNow, "t-2", 2.5m, "EUR", "completed"));
        await Expect(CommercePageTests.Counter(page, "EUR")).ToHaveTextAsync($"EUR{Nbsp}7.50");
        await Expect(page.GetByTestId("commerce-transactions-table").Locator("tbody tr[data-transaction-id]")).ToHaveCountAsync(2);
    }
}

using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// Issue 7's fallback on every page, driven by real ingestion: WebSocket blocked → SSE, SSE blocked too → polling, and a
/// real server restart (same database and port) → Live again; in each case the page keeps changing after events are
/// ingested. <see cref="TransportRecoveryTests"/> covers the client's exactly-once delivery across switches on the
/// Overview; this class covers that each page keeps working through them. Add a page with one line in <see cref="Cases"/>.
/// </summary>
public sealed class PageFallbackTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    // The client's back-off is capped at 30 s: after a restart the next attempt may wait that long.
    private const float BackToLiveTimeoutMs = 45_000;

    /// <summary>
    /// Each page: its route, the scopes it needs, and an element whose text changes as data arrives (for pages that
    /// move on without new events, e.g. System's uptime, ingestion still matters: jobs publish only to tenants with state).
    /// </summary>
    private static readonly PageCase[] Cases =
    [
        new("/", PageData.AdminScopes, "[data-testid=kpi-total-attempts]"),
        new("/system", PageData.AdminScopes, "[data-testid=node-table] tbody tr:first-child td:nth-child(6)"),
        new("/calls", PageData.AdminScopes, "[data-testid=kpi-active-now]"),
        new("/campaigns", PageData.AdminScopes, "[data-testid=kpi-active-calls]"),
        new("/wallboard?view=campaigns", PageData.AdminScopes, "[data-testid=wb-campaign-table] tr[data-campaign-id='cmp-pages'] td:nth-child(2)"),
    ];

    /// <summary>The routes of <see cref="Cases"/>, for the theories.</summary>
    public static TheoryData<string> Routes => [.. Cases.Select(c => c.Route)];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task With_the_websocket_blocked_the_page_says_SSE_and_keeps_updating(string route)
    {
        await using var context = await browser.NewContextAsync(server);
        await BlockWebSocketAsync(context);
        await AssertKeepsUpdatingAsync(server, context, Case(route), "SSE");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task With_websocket_and_sse_blocked_the_page_says_Polling_and_keeps_updating(string route)
    {
        await using var context = await browser.NewContextAsync(server);
        await BlockWebSocketAsync(context);
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/sse", r => r.FulfillAsync(new() { Status = 502 }));
        await AssertKeepsUpdatingAsync(server, context, Case(route), "Polling");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task After_a_server_restart_the_page_reconnects_says_Live_and_resumes_updating(string route)
    {
        var page = Case(route);
        var first = new DashboardServer();
        DashboardServer? second = null;
        try
        {
            await first.InitializeAsync();
            await using var context = await browser.NewContextAsync(first);
            var tenant = Tenants.New();
            var tab = await OpenAsync(first, context, page, tenant, "Live");

            await first.DisposeAsync();
            await Expect(tab.GetByTestId("connection-state")).Not.ToHaveTextAsync("Live");
            second = DashboardServer.RestartOf(first);
            await second.InitializeAsync();

            await Expect(tab.GetByTestId("connection-state")).ToHaveTextAsync("Live", new() { Timeout = BackToLiveTimeoutMs });
            await AssertChangesAfterIngestAsync(second, tab, page, tenant);
            await Expect(tab.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    private static PageCase Case(string route) => Cases.Single(c => c.Route == route);

    private static Task BlockWebSocketAsync(IBrowserContext context) =>
        context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
            _ = ws.CloseAsync(new() { Code = 1011, Reason = "blocked by the test proxy" }));

    private static async Task AssertKeepsUpdatingAsync(DashboardServer server, IBrowserContext context, PageCase page, string badge)
    {
        var tenant = Tenants.New();
        var tab = await OpenAsync(server, context, page, tenant, badge);
        await AssertChangesAfterIngestAsync(server, tab, page, tenant);
        await AssertChangesAfterIngestAsync(server, tab, page, tenant);
        await Expect(tab.GetByTestId("connection-state")).ToHaveTextAsync(badge);
    }

    // Ingests first (the jobs publish only to tenants with state), opens the page and waits for its state and first data.
    private static async Task<IPage> OpenAsync(DashboardServer server, IBrowserContext context, PageCase page, string tenant, string badge)
    {
        await PageData.IngestAsync(server, tenant);
        var tab = await BrowserFixture.SignInAsync(context, server, tenant, page.Scopes);
        await tab.GotoAsync(page.Route);
        await Expect(tab.GetByTestId("connection-state")).ToHaveTextAsync(badge);
        await Expect(tab.Locator(page.Probe)).ToHaveTextAsync(new Regex(@"\d"));
        return tab;
    }

    private static async Task AssertChangesAfterIngestAsync(DashboardServer server, IPage tab, PageCase page, string tenant)
    {
        var before = await tab.Locator(page.Probe).TextContentAsync();
        await PageData.StartCallsAsync(server, tenant, 2);
        await Expect(tab.Locator(page.Probe)).Not.ToHaveTextAsync(before!);
    }

    private sealed record PageCase(string Route, string Scopes, string Probe);
}

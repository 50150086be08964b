using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>End to end: events posted to ingestion reach the browser through the metric jobs and <c>/ws</c>.</summary>
public sealed class LiveOverviewTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_page_shows_live_numbers_that_change_when_events_arrive()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        var now = DateTimeOffset.UtcNow;
        await PostBatchAsync(producer,
        [
            CloudEvent("campaign.updated", now, new { campaignId = "cmp-e2e", name = "E2E Campaign", status = "active", queueDepth = 97 }),
            CloudEvent("call.started", now, new { callId = "e2e-1", direction = "outbound", campaignId = "cmp-e2e" }),
            CloudEvent("call.started", now, new { callId = "e2e-2", direction = "outbound", campaignId = "cmp-e2e" }),
            CloudEvent("call.started", now, new { callId = "e2e-3", direction = "outbound", campaignId = "cmp-e2e" }),
        ]);

        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("kpi-total-attempts")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("campaign-table").Locator("tr[data-campaign-id='cmp-e2e'] th")).ToHaveTextAsync("E2E Campaign");

        await PostBatchAsync(producer, [CloudEvent("call.ended", now.AddSeconds(2), new { callId = "e2e-1", outcome = "busy", durationSeconds = 0 })]);

        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
    }
}

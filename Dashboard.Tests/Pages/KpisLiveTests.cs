using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The KPIs &amp; Activity page end to end: <c>metric.reported</c> and other events posted through
/// <c>POST /api/v1/events</c> are folded into series, published on <c>kpis</c> by the tick and summarised on
/// <c>activity</c> at ingest, and the open page's cards and feed change. Needs the KPI fold, the <c>kpis_update</c>
/// publisher and the activity feed.
/// </summary>
public sealed class KpisLiveTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static object Metric(DateTimeOffset t, string name, double value, string kind, object labels) =>
        CloudEvent("metric.reported", t, new { name, value, kind, labels });

    [Fact]
    public async Task Ingested_reports_become_cards_and_every_event_streams_into_the_feed()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var t = DateTimeOffset.UtcNow;
        await events.PostAsync(
            Metric(t.AddSeconds(-3), "leads", 10, "gauge", new { region = "eu", unit = "leads" }),
            Metric(t.AddSeconds(-2), "leads", 12, "gauge", new { region = "eu", unit = "leads" }),
            Metric(t.AddSeconds(-2), "social_mentions", 5, "counter", new { network = "x" }));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/kpis");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        var eu = KpisPageTests.Card(page, "leads{region=\"eu\",unit=\"leads\"}");
        await Expect(eu.Locator("[data-field='value']")).ToHaveTextAsync("12");
        await Expect(eu.Locator("[data-field='unit']")).ToHaveTextAsync("leads");
        var mentions = KpisPageTests.Card(page, "social_mentions{network=\"x\"}");
        await Expect(mentions.Locator("[data-field='value']")).ToHaveTextAsync("5");
        var rows = page.GetByTestId("activity-feed").Locator("tbody tr[data-key]");
        await Expect(rows).ToHaveCountAsync(3);

        // Live: a later report moves the counter; a commerce event streams into the feed on top.
        await events.PostAsync(
            Metric(t.AddSeconds(-1), "social_mentions", 7, "counter", new { network = "x" }),
            CloudEvent("user.active", t, new { userId = "u-1" }));
        await Expect(mentions.Locator("[data-field='value']")).ToHaveTextAsync("12");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.First).ToHaveAttributeAsync("data-type", "user.active");
        await Expect(page.GetByTestId("kpis-empty")).ToBeHiddenAsync();
    }
}

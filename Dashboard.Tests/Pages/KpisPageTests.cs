using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.KpisPageData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The KPIs &amp; Activity page (<c>/kpis</c>) in Chromium against the real server: KPI cards from published
/// <c>kpis_update</c> snapshots (values, units, rates, sparklines, stale badges, filters) and the activity feed from
/// <c>activity</c> messages (streaming, dedupe, filters, pause on hover, a bounded DOM).
/// </summary>
public sealed class KpisPageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static readonly Dictionary<string, string> Eu = new() { ["region"] = "eu" };
    private static readonly Dictionary<string, string> Us = new() { ["region"] = "us" };
    private static readonly Dictionary<string, string> X = new() { ["network"] = "x" };

    internal static ILocator Card(IPage page, string key) => page.GetByTestId("kpi-groups").Locator($".kpi-card[data-key='{key.Replace("\"", "\\\"", StringComparison.Ordinal)}']");

    private static ILocator Rows(IPage page) => page.GetByTestId("activity-feed").Locator("tbody tr[data-key]");

    private async Task<IPage> OpenAsync(IBrowserContext context, string tenant)
    {
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/kpis");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        return page;
    }

    private static object[] ThreeSeries(DateTime now, double euLeads = 12, bool usStale = false) =>
    [
        Series("leads", Eu, "gauge", euLeads, now, unit: "leads", history: History(now, 10, 11, euLeads)),
        Series("leads", Us, "gauge", 7, now, stale: usStale),
        Series("social_mentions", X, "counter", 1234.5, now, rate: 4.2, history: History(now, 3, 5, 4)),
    ];

    [Fact]
    public async Task Cards_render_grouped_by_name_and_update_from_a_kpis_update_with_a_stale_badge()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishKpisAsync(server, tenant, Update(now, ThreeSeries(now)));
        await PublishActivitySnapshotAsync(server, tenant, Entry("e-1", "metric.reported", "kpi", "leads{region=\"eu\"} = 12", now));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);

        await Expect(page.Locator("h1")).ToHaveTextAsync("KPIs & Activity");
        Assert.Equal(["leads", "social_mentions"], await page.GetByTestId("kpi-groups").Locator(".kpi-group").EvaluateAllAsync<string[]>("g => g.map(x => x.dataset.name)"));
        var eu = Card(page, "leads{region=\"eu\"}");
        await Expect(eu.Locator("[data-field='value']")).ToHaveTextAsync("12");
        await Expect(eu.Locator("[data-field='unit']")).ToHaveTextAsync("leads");
        await Expect(eu.Locator("[data-field='labels']")).ToHaveTextAsync("region=eu");
        await Expect(eu.Locator("[data-field='stale']")).ToBeHiddenAsync();
        var mentions = Card(page, "social_mentions{network=\"x\"}");
        await Expect(mentions.Locator("[data-field='value']")).ToHaveTextAsync("1,234.5");
        await Expect(mentions.Locator("[data-field='detail']")).ToHaveTextAsync("total · 4.2 per min");
        // The sparkline: three minutes, drawn across the last hour, lowest at the bottom.
        var points = await eu.Locator("polyline").GetAttributeAsync("points");
        Assert.Equal(3, points!.Split(' ').Length);
        await Expect(eu.Locator("svg")).ToHaveAttributeAsync("aria-label", "Trend of the value over the last hour, 3 minutes with reports: lowest 10, highest 12, latest 12.");
        await Expect(page.GetByTestId("kpis-empty")).ToBeHiddenAsync();

        // A newer update: the value moves, and the us series turns stale (badge, data-stale, one announcement).
        var later = now.AddSeconds(2);
        await PublishKpisAsync(server, tenant, Update(later, ThreeSeries(later, euLeads: 15, usStale: true)));
        await Expect(eu.Locator("[data-field='value']")).ToHaveTextAsync("15");
        var us = Card(page, "leads{region=\"us\"}");
        await Expect(us.Locator("[data-field='stale']")).ToBeVisibleAsync();
        await Expect(us).ToHaveAttributeAsync("data-stale", "true");
        await Expect(page.GetByTestId("kpis-announce")).ToHaveTextAsync("1 KPI series is stale: leads{region=\"us\"}");
        // An older update arriving late never replaces a newer one.
        await PublishKpisAsync(server, tenant, Update(now.AddSeconds(1), ThreeSeries(now, euLeads: 99)));
        await PublishKpisAsync(server, tenant, Update(later.AddSeconds(1), ThreeSeries(later, euLeads: 16, usStale: true)));
        await Expect(eu.Locator("[data-field='value']")).ToHaveTextAsync("16");
    }

    [Fact]
    public async Task The_label_and_name_filters_hide_the_other_cards_and_groups()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishKpisAsync(server, tenant, Update(now, ThreeSeries(now)));
        await PublishActivitySnapshotAsync(server, tenant);
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await Expect(page.GetByTestId("kpi-groups").Locator(".kpi-card:visible")).ToHaveCountAsync(3);

        await page.GetByTestId("kpi-label-filter").SelectOptionAsync("region=eu");
        await Expect(page.GetByTestId("kpi-groups").Locator(".kpi-card:visible")).ToHaveCountAsync(1);
        await Expect(Card(page, "leads{region=\"eu\"}")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("kpi-groups").Locator(".kpi-group[data-name='social_mentions']")).ToBeHiddenAsync();

        await page.GetByTestId("kpi-label-filter").SelectOptionAsync("");
        await page.GetByTestId("kpi-name-filter").SelectOptionAsync("social_mentions");
        await Expect(page.GetByTestId("kpi-groups").Locator(".kpi-card:visible")).ToHaveCountAsync(1);
        await Expect(Card(page, "social_mentions{network=\"x\"}")).ToBeVisibleAsync();
        // The filter holds across updates.
        await PublishKpisAsync(server, tenant, Update(now.AddSeconds(1), ThreeSeries(now, euLeads: 20)));
        await Expect(Card(page, "leads{region=\"eu\"}").Locator("[data-field='value']")).ToHaveTextAsync("20");
        await Expect(page.GetByTestId("kpi-groups").Locator(".kpi-card:visible")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_feed_streams_entries_newest_first_ignores_duplicates_and_filters_by_type_and_domain()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishKpisAsync(server, tenant, Update(now));
        await PublishActivitySnapshotAsync(server, tenant,
            Entry("e-2", "chat.session_assigned", "chat", "Chat s-3 assigned to Ana after 1:05 (web)", now.AddSeconds(-10), "success"),
            Entry("e-1", "call.answered", "voice", "Call c-17 answered by Ana after 0:42 in support", now.AddSeconds(-20)));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await Expect(Rows(page)).ToHaveCountAsync(2);

        await PublishActivityAsync(server, tenant, Entry("e-3", "transaction.updated", "commerce", "Refund of 12.50 EUR on t-9", now.AddSeconds(-1), "warning"));
        await PublishActivityAsync(server, tenant, Entry("e-1", "call.answered", "voice", "Call c-17 answered by Ana after 0:42 in support", now.AddSeconds(-20)));
        await PublishActivityAsync(server, tenant, new
        {
            items = new[] { Entry("e-5", "call.answered", "voice", "Call c-19 answered", now), Entry("e-4", "call.ended", "voice", "Call c-18 ended", now.AddSeconds(-2)) },
            count = 2,
        });
        await Expect(Rows(page)).ToHaveCountAsync(5);
        Assert.Equal(["e-5", "e-3", "e-4", "e-2", "e-1"], await Rows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.eventId)"));
        await Expect(Rows(page).First.Locator("[data-field='summary']")).ToHaveTextAsync("Call c-19 answered");
        await Expect(page.GetByTestId("activity-feed").Locator("tr[data-event-id='e-3'] .severity")).ToHaveTextAsync("warning");

        await page.GetByTestId("activity-type-filter").SelectOptionAsync("call.answered");
        await Expect(Rows(page)).ToHaveCountAsync(2);
        await page.GetByTestId("activity-type-filter").SelectOptionAsync("");
        await page.GetByTestId("activity-domain-filter").SelectOptionAsync("voice");
        await Expect(Rows(page)).ToHaveCountAsync(3);
        await page.GetByTestId("activity-domain-filter").SelectOptionAsync("kpi");
        await Expect(page.GetByTestId("activity-feed").Locator("tbody .empty-row")).ToHaveTextAsync("No event of this kind in the newest 200.");
    }

    [Fact]
    public async Task Hovering_the_feed_pauses_it_counting_new_entries_and_leaving_resumes_it()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishKpisAsync(server, tenant, Update(now));
        await PublishActivitySnapshotAsync(server, tenant, Entry("e-1", "call.answered", "voice", "first", now.AddSeconds(-5)));
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await Expect(Rows(page)).ToHaveCountAsync(1);

        await page.GetByTestId("activity-region").HoverAsync();
        await Expect(page.GetByTestId("activity-paused")).ToHaveTextAsync("Paused · 0 new");
        for (var i = 2; i <= 4; i++)
        {
            await PublishActivityAsync(server, tenant, Entry($"e-{i}", "call.ended", "voice", $"entry {i}", now.AddSeconds(i)));
        }

        await Expect(page.GetByTestId("activity-paused")).ToHaveTextAsync("Paused · 3 new");
        await Expect(Rows(page)).ToHaveCountAsync(1);

        await page.Mouse.MoveAsync(0, 0);
        await Expect(Rows(page)).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("activity-paused")).ToBeHiddenAsync();
        await Expect(Rows(page).First).ToHaveAttributeAsync("data-event-id", "e-4");

        // Keyboard focus pauses too.
        await page.GetByTestId("activity-region").FocusAsync();
        await PublishActivityAsync(server, tenant, Entry("e-5", "call.ended", "voice", "entry 5", now.AddSeconds(5)));
        await Expect(page.GetByTestId("activity-paused")).ToHaveTextAsync("Paused · 1 new");
        await page.GetByTestId("kpi-name-filter").FocusAsync();
        await Expect(Rows(page)).ToHaveCountAsync(5);
    }

    [Fact]
    public async Task After_5000_activities_the_feed_keeps_200_rows_and_a_fixed_node_count()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow.AddHours(-1);
        await PublishKpisAsync(server, tenant, Update(now));
        await PublishActivitySnapshotAsync(server, tenant);
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);
        await page.Mouse.MoveAsync(0, 0);

        var n = 0;
        object Next() { n++; return Entry($"e-{n}", n % 2 == 0 ? "call.ended" : "chat.message", n % 2 == 0 ? "voice" : "chat", $"event {n} with a summary", now.AddMilliseconds(n * 10)); }

        // The first 200 fill the feed; then the counts are measured.
        await PublishActivityAsync(server, tenant, new { items = Enumerable.Range(0, 200).Select(_ => Next()).Reverse().ToArray(), count = 200 });
        await Expect(Rows(page).First).ToHaveAttributeAsync("data-event-id", "e-200");
        await Expect(Rows(page)).ToHaveCountAsync(200);
        const string Count = "() => [document.querySelectorAll('[data-testid=\"activity-feed\"] *').length, document.getElementsByTagName('*').length]";
        var before = await page.EvaluateAsync<int[]>(Count);

        // 4,800 more: 20 coalesced batches of 200 and 800 single entries, as the ingestion sends them.
        for (var b = 0; b < 20; b++)
        {
            await PublishActivityAsync(server, tenant, new { items = Enumerable.Range(0, 200).Select(_ => Next()).Reverse().ToArray(), count = 200 });
        }

        var singles = Enumerable.Range(0, 800).Select(_ => PublishActivityAsync(server, tenant, Next()));
        foreach (var chunk in singles.Chunk(50))
        {
            await Task.WhenAll(chunk);
        }

        Assert.Equal(5000, n);
        await Expect(Rows(page).First).ToHaveAttributeAsync("data-event-id", "e-5000", new() { Timeout = 60_000 });
        await Expect(Rows(page)).ToHaveCountAsync(200);
        Assert.Equal(200, await page.EvaluateAsync<int>("() => window.dashboard.feed.size"));
        Assert.Equal(before, await page.EvaluateAsync<int[]>(Count));
        await Expect(Rows(page).Last).ToHaveAttributeAsync("data-event-id", "e-4801");
    }

    [Fact]
    public async Task A_tenant_with_no_series_and_no_activity_sees_how_to_send_metric_reported()
    {
        var tenant = Tenants.New();
        await PublishKpisAsync(server, tenant, Update(DateTime.UtcNow));
        await PublishActivitySnapshotAsync(server, tenant);
        await using var context = await browser.NewContextAsync(server);
        var page = await OpenAsync(context, tenant);

        await Expect(page.GetByTestId("kpis-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("kpis-empty")).ToContainTextAsync("metric.reported");
        await Expect(page.GetByTestId("kpis-none")).ToHaveTextAsync("No KPI series reported yet.");
        // The first event hides it.
        await PublishActivityAsync(server, tenant, Entry("e-1", "user.active", "commerce", "User u-1 active", DateTime.UtcNow));
        await Expect(page.GetByTestId("kpis-empty")).ToBeHiddenAsync();
    }
}

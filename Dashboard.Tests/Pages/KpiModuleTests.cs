using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary>The browser modules behind the KPIs &amp; Activity page, run in Chromium: the feed's list and the KPI view helpers.</summary>
public sealed class KpiModuleTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private async Task<JsonElement> RunAsync(string script)
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        return await page.EvaluateAsync<JsonElement>(script);
    }

    [Fact]
    public async Task The_feed_keys_by_source_and_event_id_keeps_the_newest_first_and_at_most_its_bound()
    {
        var r = await RunAsync("""
            async () => {
              const { ActivityFeed, entriesOf } = await import('/js/activity-feed.js');
              const e = (id, s, source = 'a') => ({ eventId: id, source, type: 't', time: new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString() });
              const feed = new ActivityFeed(3);
              const added = [
                feed.add(entriesOf({ items: [e('2', 2), e('1', 1)], count: 2 })),
                feed.add(entriesOf(e('1', 1))),            // the same entry again
                feed.add(entriesOf(e('1', 1, 'b'))),       // the same id from another source
                feed.add(entriesOf(e('4', 4))),            // pushes the oldest out
                feed.add(entriesOf({ items: 'x' })),       // not a list: nothing
              ];
              return { added, ids: feed.list().map(x => x.entry.source + x.entry.eventId), size: feed.size };
            }
            """);
        Assert.Equal([2, 0, 1, 1, 0], r.GetProperty("added").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal(["a4", "a2", "b1"], r.GetProperty("ids").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(3, r.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Wallboard_selection_takes_keys_and_names_in_configured_order_once_each_up_to_the_pool()
    {
        var r = await RunAsync("""
            async () => {
              const { selectSeries, valueText, labelsText } = await import('/js/kpi-view.js');
              const s = (name, key) => ({ name, key });
              const series = [s('bookings', 'bookings'), s('leads', 'leads{region="eu"}'), s('leads', 'leads{region="us"}'), s('x', 'x{a="1"}')];
              return {
                picked: selectSeries(series, ['x{a="1"}', 'leads', 'leads{region="eu"}', 'missing', 'leads{'], 8).map(x => x.key),
                capped: selectSeries(series, ['leads', 'bookings'], 2).map(x => x.key),
                values: [valueText(1234.567), valueText(null), valueText(-0.5)],
                labels: [labelsText({ z: '1', a: '2' }), labelsText({})],
              };
            }
            """);
        Assert.Equal(["x{a=\"1\"}", "leads{region=\"eu\"}", "leads{region=\"us\"}"], r.GetProperty("picked").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["leads{region=\"eu\"}", "leads{region=\"us\"}"], r.GetProperty("capped").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["1,234.57", "—", "-0.5"], r.GetProperty("values").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["a=2 · z=1", "all"], r.GetProperty("labels").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task A_sparkline_spans_the_hour_ending_at_computed_at_so_a_silent_producer_shows_a_gap()
    {
        var r = await RunAsync("""
            async () => {
              const { sparkPoints } = await import('/js/kpi-view.js');
              const h = [['2026-01-01T10:00:00Z', 1], ['2026-01-01T10:29:00Z', 3]];
              return [sparkPoints(h), sparkPoints(h, '2026-01-01T10:59:30Z'), sparkPoints([]), sparkPoints([['2026-01-01T10:00:00Z', 5]])];
            }
            """);
        Assert.Equal(
            ["50.8,28.0 100.0,2.0", "0.0,28.0 49.2,2.0", "", "0,15.0 100,15.0"],
            r.EnumerateArray().Select(x => x.GetString()));
    }
}

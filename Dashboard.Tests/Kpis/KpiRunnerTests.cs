using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Kpis;

/// <summary>
/// The 1 s tick publishing <c>kpis_update</c> on <c>kpis</c>: once for a tenant with folded series, never again while
/// nothing changes, again when a value changes or a series turns stale (the tenant stays live for that), and never for a
/// tenant without series. The clock is a <see cref="ManualTimeProvider"/>.
/// </summary>
public sealed class KpiRunnerTests : FreshDatabaseTests
{
    [Fact]
    public async Task A_tenant_is_published_when_its_series_change_or_turn_stale_and_not_while_they_do_not()
    {
        Db.Kpis.StaleAfterSeconds = 30;
        var rows = new KpiTestRows(Db.DataSource, "live");
        await rows.SeriesAsync("leads", "gauge", 12, Db.Now, Db.Now, 1, ("region", "eu"));
        await rows.ChangedAsync();
        var kpis = new RecordingSubscriber().Subscribe(Db.Hub, "live", Topics.Kpis);
        var quiet = new RecordingSubscriber().Subscribe(Db.Hub, "quiet", Topics.Kpis);

        await Db.Runner.RunAsync(CancellationToken.None);
        var first = await kpis.WaitForAsync(m => true, TimeSpan.FromSeconds(10));
        Assert.Equal(("kpis_update", true), (first.Type, first.IsSnapshot));
        var data = RecordingSubscriber.Data(first);
        Assert.Equal(12, data.GetProperty("series")[0].GetProperty("value").GetDouble());
        Assert.False(data.GetProperty("series")[0].GetProperty("stale").GetBoolean());

        // Live (received within StaleAfterSeconds + 60 s): recomputed each tick, published only when it changed.
        for (var i = 0; i < 3; i++)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(1));
            var tick = await Db.Runner.RunAsync(CancellationToken.None);
            Assert.Equal((1, 0), (tick.TenantsComputed, tick.MessagesPublished));
        }

        await rows.SeriesAsync("leads", "gauge", 13, Db.Now, Db.Now, 2, ("region", "eu"));
        await rows.ChangedAsync();
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await Db.Runner.RunAsync(CancellationToken.None)).MessagesPublished);
        await Poll.UntilAsync(() => kpis.Messages.Count == 2, TimeSpan.FromSeconds(10), "the changed value");
        Assert.Equal(13, RecordingSubscriber.Data(kpis.Messages[1]).GetProperty("series")[0].GetProperty("value").GetDouble());

        // No new report: the tick after StaleAfterSeconds publishes stale = true without any fold.
        Db.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, (await Db.Runner.RunAsync(CancellationToken.None)).MessagesPublished);
        await Poll.UntilAsync(() => kpis.Messages.Count == 3, TimeSpan.FromSeconds(10), "the stale flag");
        Assert.True(RecordingSubscriber.Data(kpis.Messages[2]).GetProperty("series")[0].GetProperty("stale").GetBoolean());
        Assert.Empty(quiet.Messages);
    }

    [Fact]
    public async Task Live_tenants_are_those_with_a_report_in_the_last_hour_or_within_StaleAfterSeconds_plus_60_s()
    {
        Db.Kpis.StaleAfterSeconds = 7200;
        await new KpiTestRows(Db.DataSource, "recent").SeriesAsync("a", "counter", 1, Db.Now, Db.Now.AddMinutes(-60));
        await new KpiTestRows(Db.DataSource, "old").SeriesAsync("a", "gauge", 1, Db.Now, Db.Now.AddMinutes(-122));
        await new KpiTestRows(Db.DataSource, "within-stale").SeriesAsync("a", "gauge", 1, Db.Now, Db.Now.AddMinutes(-120));

        Assert.Equal(["recent", "within-stale"], (await Db.KpiCalculator.LiveTenantsAsync(Db.Now, CancellationToken.None)).Order(StringComparer.Ordinal));
        Db.Kpis.StaleAfterSeconds = 300;
        Assert.Equal(["recent"], await Db.KpiCalculator.LiveTenantsAsync(Db.Now, CancellationToken.None));
    }
}

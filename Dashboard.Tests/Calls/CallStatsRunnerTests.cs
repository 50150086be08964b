using Dashboard.Calls;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Calls;

/// <summary>
/// The call statistics job's incremental rules against a fresh database: what it recomputes (first run, folded tenants,
/// tenants whose window lost calls, a new hour) and what it publishes (changed snapshots only).
/// </summary>
public sealed class CallStatsRunnerTests : FreshDatabaseTests
{
    // A runner with its own publisher memory, as a freshly started node has.
    private CallStatsRunner NewRunner()
    {
        var reader = new CallWindowReader(Db.DataSource);
        return new CallStatsRunner(new CallWindowCalculator(reader, Db.TimeZones), reader, Db.KnownTenants, new CallStatsPublisher(Db.Publisher, Db.Hub), Db.Isolation, Db.TimeZones, Db.Clock);
    }

    private Task CallAsync(string tenant, string id, DateTime started, DateTime? ended = null) =>
        CallRows.InsertCallAsync(Db.DataSource, tenant, id, started, "a1", started, ended, ended is null ? null : "completed", ended is null ? null : 30);

    [Fact]
    public async Task First_run_publishes_every_tenant_with_state_then_nothing_while_quiet()
    {
        await CallAsync("s1", "k1", Db.Now.AddHours(-2), Db.Now.AddHours(-2).AddSeconds(30));
        await CallAsync("s1", "k2", Db.Now.AddMinutes(-10));
        await CallRows.MarkFoldedAsync(Db.DataSource, "s1", Db.Now);
        await CallRows.MarkFoldedAsync(Db.DataSource, "s2", Db.Now);
        var stats = new RecordingSubscriber().Subscribe(Db.Hub, "s1", Topics.CallStats);
        var runner = NewRunner();

        var first = await runner.RunAsync(CancellationToken.None);
        Assert.Equal((2, 2), (first.TenantsComputed, first.MessagesPublished));
        var message = Assert.Single(stats.Messages);
        Assert.Equal(("call_stats_update", true), (message.Type, message.IsSnapshot));
        var data = RecordingSubscriber.Data(message);
        var metrics = data.GetProperty("metrics");
        Assert.Equal((24, 2L, 1L, 1L), (metrics.GetProperty("hours").GetInt32(), metrics.GetProperty("totalCalls").GetInt64(),
            metrics.GetProperty("activeCalls").GetInt64(), metrics.GetProperty("completedCalls").GetInt64()));
        Assert.Equal(25, data.GetProperty("callsPerHour").GetArrayLength());
        Assert.Equal("a1", data.GetProperty("agentPerformance")[0].GetProperty("agentId").GetString());

        // 10 s later, past the fold slack: nothing folded, no call left the window.
        Db.Clock.Advance(CallStatsRunner.FoldSlack + TimeSpan.FromSeconds(10));
        await runner.RunAsync(CancellationToken.None);
        Db.Clock.Advance(TimeSpan.FromSeconds(10));
        var quiet = await runner.RunAsync(CancellationToken.None);
        Assert.Equal((0, 0), (quiet.TenantsComputed, quiet.MessagesPublished));
        Assert.Single(stats.Messages);
    }

    [Fact]
    public async Task A_folded_tenant_is_recomputed_and_republished_only_when_its_statistics_changed()
    {
        await CallAsync("f1", "k1", Db.Now.AddHours(-1));
        await CallRows.MarkFoldedAsync(Db.DataSource, "f1", Db.Now.AddMinutes(-1));
        await CallRows.MarkFoldedAsync(Db.DataSource, "f2", Db.Now.AddMinutes(-1));
        var runner = NewRunner();
        await runner.RunAsync(CancellationToken.None);
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await runner.RunAsync(CancellationToken.None)).TenantsComputed);

        // A fold that changed nothing this job shows (e.g. a campaign.updated): recomputed, not published.
        Db.Clock.Advance(TimeSpan.FromSeconds(10));
        await CallRows.MarkFoldedAsync(Db.DataSource, "f1", Db.Now);
        Assert.Equal((1, 0), ToPair(await runner.RunAsync(CancellationToken.None)));

        // A new call: only f1 is recomputed, and published.
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await CallAsync("f1", "k2", Db.Now.AddSeconds(-5));
        await CallRows.MarkFoldedAsync(Db.DataSource, "f1", Db.Now);
        Assert.Equal((1, 1), ToPair(await runner.RunAsync(CancellationToken.None)));
        var snapshot = RecordingSubscriber.Data(Db.Hub.Latest("f1", Topics.CallStats)!);
        Assert.Equal(2, snapshot.GetProperty("metrics").GetProperty("totalCalls").GetInt64());
    }

    [Fact]
    public async Task A_tenant_whose_window_loses_a_call_is_recomputed_without_any_new_event()
    {
        await CallAsync("old", "k1", Db.Now.AddHours(-24).AddSeconds(5), Db.Now.AddHours(-23));
        await CallAsync("old", "k2", Db.Now.AddHours(-1));
        await CallRows.MarkFoldedAsync(Db.DataSource, "old", Db.Now.AddHours(-23));
        await CallRows.MarkFoldedAsync(Db.DataSource, "other", Db.Now.AddHours(-23));
        var runner = NewRunner();
        await runner.RunAsync(CancellationToken.None);
        Assert.Equal(2, Total("old"));

        Db.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1), ToPair(await runner.RunAsync(CancellationToken.None)));
        Assert.Equal(1, Total("old"));
    }

    [Fact]
    public async Task The_first_run_of_a_new_utc_hour_recomputes_every_tenant_so_calls_per_hour_moves_on()
    {
        // The clock starts at 12:00:00; 59 min 55 s later the next run is in a new hour.
        await CallAsync("h1", "k1", Db.Now.AddHours(-3));
        await CallRows.MarkFoldedAsync(Db.DataSource, "h1", Db.Now.AddHours(-3));
        var runner = NewRunner();
        Db.Clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(55));
        await runner.RunAsync(CancellationToken.None);
        var before = RecordingSubscriber.Data(Db.Hub.Latest("h1", Topics.CallStats)!).GetProperty("callsPerHour");

        Db.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1), ToPair(await runner.RunAsync(CancellationToken.None)));
        var after = RecordingSubscriber.Data(Db.Hub.Latest("h1", Topics.CallStats)!).GetProperty("callsPerHour");
        Assert.Equal("2025-06-01T12:00:00Z", before[24].GetProperty("hour").GetString());
        Assert.Equal("2025-06-01T13:00:00Z", after[24].GetProperty("hour").GetString());
        Assert.Equal(25, after.GetArrayLength());
    }

    [Fact]
    public async Task An_unchanged_snapshot_is_published_again_after_another_node_published_on_the_stream()
    {
        await CallAsync("n1", "k1", Db.Now.AddHours(-1));
        await CallRows.MarkFoldedAsync(Db.DataSource, "n1", Db.Now);
        var here = NewRunner();
        await here.RunAsync(CancellationToken.None);
        // Another node's first run publishes the same values.
        Assert.Equal(1, (await NewRunner().RunAsync(CancellationToken.None)).MessagesPublished);

        Db.Clock.Advance(TimeSpan.FromSeconds(10));
        await CallRows.MarkFoldedAsync(Db.DataSource, "n1", Db.Now);
        Assert.Equal((1, 1), ToPair(await here.RunAsync(CancellationToken.None)));
        Db.Clock.Advance(TimeSpan.FromSeconds(10));
        await CallRows.MarkFoldedAsync(Db.DataSource, "n1", Db.Now);
        Assert.Equal((1, 0), ToPair(await here.RunAsync(CancellationToken.None)));
    }

    private long Total(string tenant) =>
        RecordingSubscriber.Data(Db.Hub.Latest(tenant, Topics.CallStats)!).GetProperty("metrics").GetProperty("totalCalls").GetInt64();

    private static (int, int) ToPair(CallStatsRun run) => (run.TenantsComputed, run.MessagesPublished);
}

using Dashboard.Calls;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using System.Text.Json;

namespace Dashboard.Tests.Calls;

/// <summary>Windowed call metrics against hand-made <c>calls</c>/<c>call_hourly</c>/<c>agents</c> rows in a fresh database.</summary>
public sealed class CallWindowCalculatorTests : FreshDatabaseTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 30, 0, DateTimeKind.Utc);

    private CallWindowCalculator Calculator => new(new CallWindowReader(Db.DataSource), Db.TimeZones);

    private async Task<CallWindowStats> ComputeAsync(string tenant, int hours, DateTime now) =>
        (await Calculator.ComputeAsync([tenant], hours, now, CancellationToken.None))[tenant];

    private Task CallAsync(string tenant, string id, DateTime started, string? agent = null, bool answered = false,
        DateTime? ended = null, string? outcome = null, double? duration = null) =>
        CallRows.InsertCallAsync(Db.DataSource, tenant, id, started, agent, answered ? started.AddSeconds(5) : null, ended, outcome, duration);

    [Fact]
    public async Task Hand_computed_24_hour_fixture_gives_totals_outcomes_per_hour_and_agents()
    {
        var start = Now.AddHours(-24); // 2025-05-31 12:30, mid-hour: its first hour is read call by call.
        await CallAsync("f", "c1", Now.AddMinutes(-25), "a1", true, Now.AddMinutes(-24), "completed", 60);
        await CallAsync("f", "c2", Now.AddMinutes(-80), "a1", true, Now.AddMinutes(-78), "converted", 120);
        await CallAsync("f", "c3", Now.AddMinutes(-70), "a2", true, Now.AddMinutes(-69), "no_answer");
        await CallAsync("f", "c4", Now.AddMinutes(-150), "a2", true);
        await CallAsync("f", "c5", start.AddMinutes(15), null, false, start.AddMinutes(16), "abandoned", 30);
        await CallAsync("f", "c6", start.AddSeconds(-1), "a1", true, start.AddMinutes(5), "completed", 999);
        await CallAsync("f", "c7", start, "a1", true, start.AddMinutes(2), "completed", 90);
        await CallRows.InsertAgentAsync(Db.DataSource, "f", "a1", "Alice", Now);

        var stats = await ComputeAsync("f", 24, Now);

        // In the window: c1, c2, c3, c4, c5, c7 (c6 started a second before it). c4 is still talking.
        var m = stats.Metrics;
        Assert.Equal((24, 6L, 1L, 5L, 3L), (m.Hours, m.TotalCalls, m.ActiveCalls, m.EndedCalls, m.CompletedCalls));
        Assert.Equal(0.6, m.SuccessRate!.Value, 12);
        // Known durations of ended calls: 60, 120, 30, 90 (c3 has none).
        Assert.Equal(75, m.AverageDurationSeconds!.Value, 12);
        Assert.Equal((2L, 1L, 1L, 1L, 0L), (m.OutcomeCounts.Completed, m.OutcomeCounts.Converted, m.OutcomeCounts.NoAnswer, m.OutcomeCounts.Abandoned, m.OutcomeCounts.Busy));
        Assert.Equal(Now, m.ComputedAt);

        Assert.Equal(25, stats.CallsPerHour.Count);
        Assert.Equal(new DateTime(2025, 5, 31, 12, 0, 0, DateTimeKind.Utc), stats.CallsPerHour[0].Hour);
        Assert.Equal(new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc), stats.CallsPerHour[^1].Hour);
        Assert.Equal(new HourlyCalls(stats.CallsPerHour[0].Hour, 2, 1, 2, 60), stats.CallsPerHour[0]);
        Assert.Equal(new HourlyCalls(Now.AddHours(-2.5), 1, 0, 0, null), stats.CallsPerHour.Single(h => h.Hour.Hour == 10));
        Assert.Equal(new HourlyCalls(Now.AddHours(-1.5), 2, 1, 2, 120), stats.CallsPerHour.Single(h => h.Hour.Hour == 11 && h.Hour.Day == 1));
        Assert.Equal(new HourlyCalls(Now.AddHours(-0.5), 1, 1, 1, 60), stats.CallsPerHour[^1]);
        Assert.Equal(6, stats.CallsPerHour.Sum(h => h.TotalCalls));

        Assert.Equal(
            [new AgentPerformance("a1", "Alice", 3, 3, 90, 1.0), new AgentPerformance("a2", null, 2, 0, null, 0.0)],
            stats.Agents);
    }

    [Fact]
    public async Task A_call_started_exactly_at_the_window_start_counts_and_one_a_millisecond_earlier_does_not()
    {
        // Mid-hour start: the boundary is in the raw rows of the partial hour.
        var start = Now.AddHours(-2);
        await CallAsync("edge", "in", start);
        await CallAsync("edge", "out", start.AddMilliseconds(-1));
        Assert.Equal(1, (await ComputeAsync("edge", 2, Now)).Metrics.TotalCalls);

        // On-the-hour start: the boundary is a bucket's; the bucket before it is outside.
        var aligned = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        await CallAsync("edge-h", "in", aligned.AddHours(-1));
        await CallAsync("edge-h", "out", aligned.AddHours(-1).AddMilliseconds(-1));
        var stats = await ComputeAsync("edge-h", 1, aligned);
        Assert.Equal(1, stats.Metrics.TotalCalls);
        Assert.Equal([aligned.AddHours(-1), aligned], stats.CallsPerHour.Select(h => h.Hour).ToArray());
    }

    [Fact]
    public async Task A_window_starting_mid_hour_reads_the_partial_hour_call_by_call_and_whole_hours_from_buckets()
    {
        // Two hours ending 12:30: [10:30, 12:30]. x1 and x2 share the 10:00 bucket with i1 and i2 but started before the window.
        foreach (var (id, at, ended) in new[] { ("x1", "10:10", true), ("x2", "10:29:59.999", true), ("i1", "10:30", true), ("i2", "10:59", false), ("i3", "11:15", true), ("i4", "12:29", true) })
        {
            var started = DateTime.SpecifyKind(DateTime.Parse("2025-06-01T" + at, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
            await CallAsync("mid", id, started, "a9", true, ended ? started.AddMinutes(1) : null, ended ? "completed" : null, ended ? 60 : null);
        }

        var stats = await ComputeAsync("mid", 2, Now);
        Assert.Equal((4L, 1L, 3L), (stats.Metrics.TotalCalls, stats.Metrics.ActiveCalls, stats.Metrics.CompletedCalls));
        Assert.Equal(
            [(10, 2L, 1L), (11, 1L, 1L), (12, 1L, 1L)],
            stats.CallsPerHour.Select(h => (h.Hour.Hour, h.TotalCalls, h.EndedCalls)).ToArray());
        Assert.Equal(4, Assert.Single(stats.Agents).TotalCalls);
    }

    [Fact]
    public async Task A_window_crossing_utc_midnight_includes_the_hours_of_both_days()
    {
        var now = new DateTime(2025, 6, 2, 1, 30, 0, DateTimeKind.Utc);
        await CallAsync("night", "n0", new DateTime(2025, 6, 1, 22, 20, 0, DateTimeKind.Utc)); // before the window
        await CallAsync("night", "n1", new DateTime(2025, 6, 1, 22, 45, 0, DateTimeKind.Utc));
        await CallAsync("night", "n2", new DateTime(2025, 6, 1, 23, 59, 59, DateTimeKind.Utc));
        await CallAsync("night", "n3", new DateTime(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc));
        await CallAsync("night", "n4", new DateTime(2025, 6, 2, 1, 29, 0, DateTimeKind.Utc));

        var stats = await ComputeAsync("night", 3, now);
        Assert.Equal(4, stats.Metrics.TotalCalls);
        Assert.Equal(
            [(1, 22, 1L), (1, 23, 1L), (2, 0, 1L), (2, 1, 1L)],
            stats.CallsPerHour.Select(h => (h.Hour.Day, h.Hour.Hour, h.TotalCalls)).ToArray());
    }

    [Fact]
    public async Task Calls_per_hour_is_dense_and_bounded_by_the_window_and_a_quiet_tenant_has_null_ratios()
    {
        await CallAsync("dense", "d1", Now.AddHours(-5));
        // After now (another hour): not in the window.
        await CallAsync("dense", "future", Now.AddHours(1));

        var stats = await ComputeAsync("dense", 6, Now);
        Assert.Equal(7, stats.CallsPerHour.Count);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => new DateTime(2025, 6, 1, 6 + i, 0, 0, DateTimeKind.Utc)), stats.CallsPerHour.Select(h => h.Hour));
        Assert.Equal([0L, 1L, 0L, 0L, 0L, 0L, 0L], stats.CallsPerHour.Select(h => h.TotalCalls).ToArray());
        Assert.Equal(1, stats.Metrics.ActiveCalls);
        Assert.Null(stats.Metrics.SuccessRate);
        Assert.Null(stats.Metrics.AverageDurationSeconds);
        Assert.Empty(stats.Agents);

        var json = JsonSerializer.Serialize(stats.ToUpdate(), JsonDefaults.Options);
        Assert.Contains("\"successRate\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"averageDurationSeconds\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"callsPerHour\":[{\"hour\":\"2025-06-01T06:00:00Z\"", json, StringComparison.Ordinal);

        var empty = await ComputeAsync("nobody", 168, Now);
        Assert.Equal((0L, 169), (empty.Metrics.TotalCalls, empty.CallsPerHour.Count));
    }

    [Fact]
    public async Task Agent_performance_sums_the_buckets_per_agent_and_orders_by_calls()
    {
        await CallRows.InsertAgentAsync(Db.DataSource, "ag", "b", "Bea", Now);
        await CallAsync("ag", "1", Now.AddHours(-3), "b", true, Now.AddHours(-3).AddMinutes(3), "completed", 180);
        await CallAsync("ag", "2", Now.AddHours(-2), "b", true, Now.AddHours(-2).AddMinutes(1), "failed", 60);
        await CallAsync("ag", "3", Now.AddHours(-1), "c", true, Now.AddHours(-1).AddMinutes(2), "converted", 120);
        await CallAsync("ag", "4", Now.AddHours(-1), "b", true);
        // Unassigned calls count in the totals, not for an agent.
        await CallAsync("ag", "5", Now.AddHours(-1), null, false, Now.AddHours(-1).AddSeconds(20), "abandoned", 20);

        var agents = (await ComputeAsync("ag", 24, Now)).Agents;
        Assert.Equal(
            [new AgentPerformance("b", "Bea", 3, 1, 120, 0.5), new AgentPerformance("c", null, 1, 1, 120, 1.0)],
            agents);
    }
}

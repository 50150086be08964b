using Dashboard.Benchmarks.Latency;
using Dashboard.Benchmarks.Shared;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The latency curve compares two builds in one run (a fresh server per point, builds alternating) and finds each
/// build's knee. The smoke test runs the same build under two names at one tiny rate; the knee search is checked on
/// its own against a made-up latency curve.
/// </summary>
public sealed class LatencyCurveSmokeTests
{
    [Fact]
    public async Task A_quick_curve_measures_both_builds_at_the_rate_and_reports_their_rows_and_knees()
    {
        var dll = BenchmarkServer.LocateDll();
        var options = new LatencyCurveOptions(
            [("before", dll), ("after", dll)], [100], new LatencyOptions(Clients: 2, Seconds: 1, WarmUpSeconds: 1) { DrainSeconds = 5 },
            Knee: true, KneeStart: 100, KneeMax: 100, KneeSteps: 1);
        var result = await LatencyCurve.RunAsync(options, new StringWriter(), CancellationToken.None);

        Assert.Equal(["before", "after"], result.Points.Select(p => p.Build));
        Assert.All(result.Points, p =>
        {
            Assert.Equal(100, p.Rate);
            Assert.Equal(0, p.Result.PostsFailed);
            Assert.Equal(0, p.Result.MissingDeliveries);
            Assert.Equal(400, p.Result.All.Count); // 100 timed events × 2 clients × 2 transports
            Assert.True(p.Result.Cpu.Server > 0, "no server CPU measured");
        });
        // The knee search reused the curve's point: one step each, no extra server.
        Assert.Equal(["before", "after"], result.Knees.Select(k => k.Build));
        Assert.All(result.Knees, k => Assert.Equal([100], k.Steps.Select(s => s.Rate)));

        var section = LatencyCurveReport.Write(result, options, DateTime.UtcNow, "latency --server before=a,after=b --rates 100 --knee");
        Assert.Contains("| 100 (", section, StringComparison.Ordinal);
        Assert.Contains(") | before | ", section, StringComparison.Ordinal);
        Assert.Contains(") | after | ", section, StringComparison.Ordinal);
        Assert.Contains("| before | ", section.Split("Knee:")[1], StringComparison.Ordinal);
        Assert.Contains("- 100 events/s: p99 after / before ", section, StringComparison.Ordinal);
    }

    [Fact]
    public void The_knee_search_doubles_then_bisects_to_within_ten_percent()
    {
        // p99 = rate / 100 ms: the target of 25 ms holds up to 2,500 events/s.
        var search = new KneeSearch("b", 25, start: 100, max: 16000, maxSteps: 12);
        var tried = new List<int>();
        while (!search.Done)
        {
            var rate = search.Next;
            tried.Add(rate);
            search.Record(rate, rate / 100.0, offered: true);
        }

        Assert.Equal([100, 200, 400, 800, 1600, 3200, 2400, 2800, 2600], tried);
        Assert.Equal(2400, search.Knee);
        Assert.Equal(2600, search.FirstFailed);

        // A rate the producer could not offer does not hold, whatever its p99.
        var capped = new KneeSearch("c", 25, start: 100, max: 400, maxSteps: 8);
        capped.Record(capped.Next, 1, offered: true);
        capped.Record(capped.Next, 1, offered: false);
        Assert.Equal(100, capped.Knee);
        Assert.Equal(200, capped.FirstFailed);
    }
}

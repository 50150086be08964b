using Dashboard.Benchmarks.Shared;
using Dashboard.Benchmarks.Tick;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The tick benchmark still works end to end on a tiny history (seeding, folding, timing the real tick, the report).
/// A smoke test only: the figures are printed by the benchmark program, never asserted here.
/// </summary>
public sealed class TickBenchmarkSmokeTests
{
    [Fact]
    public async Task A_quick_tick_benchmark_seeds_folds_times_and_reports()
    {
        var log = new StringWriter();
        var results = await TickBenchmark.RunAsync([0, 2000], ticks: 2, log, CancellationToken.None);

        Assert.Equal([0L, 2000L], results.Select(r => r.StoredEvents));
        Assert.All(results, r => Assert.True(r.Busy.P50 > 0 && r.Busy.Max >= r.Busy.P50 && r.Idle.Max >= r.Idle.P50));

        var path = Path.Combine(Path.GetTempPath(), $"benchmarks-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllText(path, "# Benchmarks\n\nintro\n");
            var section = TickReport.TickSection(results, 2, DateTime.UtcNow, "tick --sizes 0,2000 --ticks 2");
            BenchmarkReport.WriteSection(path, "tick", section);
            BenchmarkReport.WriteSection(path, "tick", section);
            var text = File.ReadAllText(path);
            Assert.StartsWith("# Benchmarks\n\nintro\n", text, StringComparison.Ordinal);
            Assert.Equal(1, text.Split("<!-- tick:begin -->").Length - 1);
            Assert.Contains("| 2,000 |", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using Dashboard.Benchmarks.Backplane;
using Dashboard.Benchmarks.Ingest;
using Dashboard.Benchmarks.Shared;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The backplane scenario still works end to end at a tiny rate: two real nodes (child processes) on one
/// database, every node applying every message published through any node, the report's rows written (the ingest
/// ceiling is the <c>ingest</c> scenario, smoke-tested in <see cref="LatencyBenchmarkSmokeTests"/>; here only its table
/// is rendered). A smoke test only: the figures are printed by the benchmark program, never compared here.
/// </summary>
public sealed class BackplaneBenchmarkSmokeTests
{
    [Fact]
    public async Task A_quick_backplane_run_delivers_every_message_to_every_node_and_reports_each_curve()
    {
        var options = new BackplaneOptions(Nodes: [2], Rates: [200], Seconds: 1, WarmUpSeconds: 1, Tenants: 4, IngestBatches: []);
        var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await BackplaneBenchmark.RunAsync(options, log, timeout.Token);

        Assert.Equal([2], result.Points.Select(p => p.Nodes));
        Assert.All(result.Points, p =>
        {
            Assert.Equal(p.Nodes, p.PerNode.Count);
            Assert.All(p.PerNode, n => Assert.True(n.Applied > 0, $"a node applied nothing in the window\n{log}"));
            Assert.Equal(0, p.Failed);
            Assert.Equal(0, p.Resyncs);
            Assert.True(p.DrainSeconds is not null, $"not every node applied every message\n{log}");
            Assert.True(p.Offered > 0 && p.DatabaseCores > 0, $"no load or no database CPU measured\n{log}");
        });
        Assert.Empty(result.Ingest);

        var ingest = new IngestResult(100, 2, 1, 10, 0, 1000, new LatencyFigures(10, 1, 2, 2, 2), 1000, 1000, new CpuFigures(1, 1, 0, 2), new StageMeans(1, 1, 1, 0));
        var section = BackplaneReport.Section(result with { Ingest = [ingest] }, options, DateTime.UtcNow, "backplane --nodes 2 --rates 200");
        Assert.Contains("| 2 | ", section, StringComparison.Ordinal);
        Assert.Contains("- **2 node(s)**: ", section, StringComparison.Ordinal);
        Assert.Contains("| 100 | 2 | ", section, StringComparison.Ordinal);
    }
}

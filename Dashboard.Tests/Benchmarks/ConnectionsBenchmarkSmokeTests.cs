using Dashboard.Benchmarks.Connections;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The connections benchmark still works end to end at a tiny scale: the real app in a child process, client child
/// processes holding authenticated WebSocket and SSE connections that answer heartbeats, /proc readings, the report.
/// A smoke test only: the figures are never compared with a bound, only checked to exist.
/// </summary>
public sealed class ConnectionsBenchmarkSmokeTests
{
    [Fact]
    public async Task A_quick_connections_benchmark_opens_keeps_and_measures_both_transports()
    {
        var options = ConnectionsOptions.Quick(count: 100);
        var results = await ConnectionsBenchmark.RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.Equal(["ws", "sse"], results.Select(r => r.Transport));
        Assert.All(results, r =>
        {
            Assert.Null(r.Skipped);
            Assert.Equal(100, r.Opened);
            Assert.Equal(100, r.ServerConnections);
            Assert.Equal(100, r.StillOpen);
            Assert.True(r.PingsPerConnection > 0, "the clients saw heartbeats in the window");
            Assert.True(r.RssBefore > 0 && r.RssAfter > 0 && r.ClientRss > 0);
            Assert.True(double.IsFinite(r.KibPerConnection) && double.IsFinite(r.HeartbeatCpuPerThousand));
            Assert.True(r.BaselineCpu.Mean >= 0 && r.LoadedCpu.Mean >= 0 && double.IsFinite(r.HeartbeatCpuNoise));
        });

        var section = ConnectionsReport.Section(results, options, DateTime.UtcNow, "connections --quick");
        Assert.Contains("| WebSocket | 100 (100) |", section, StringComparison.Ordinal);
        Assert.Contains("| SSE | 100 (100) |", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_beyond_the_open_files_limit_are_reported_as_not_run()
    {
        var limit = ConnectionsBenchmark.OpenFilesHardLimit();
        Assert.True(limit > 0);
        var skipped = new ConnectionsResult("ws", 50_000, 0, 0, 0, 0, 0, false, 0, 0, default, default, 0, 0, 0, "fd limit 20,000");
        var section = ConnectionsReport.Section([skipped], ConnectionsOptions.Quick(), DateTime.UtcNow, "connections --counts 50000");
        Assert.Contains("| WebSocket | 50,000 | not run: fd limit 20,000 |", section, StringComparison.Ordinal);
        Assert.Contains("were not reachable on this machine", section, StringComparison.Ordinal);
    }
}

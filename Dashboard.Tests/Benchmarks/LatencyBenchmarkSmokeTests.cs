using Dashboard.Benchmarks.Ingest;
using Dashboard.Benchmarks.Latency;
using Dashboard.Benchmarks.Shared;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The latency and ingestion benchmarks still work end to end on a tiny load: the real server binary as a child process,
/// WebSocket and SSE clients timing call events, batch producers, the report. Smoke tests only: the figures are printed
/// by the benchmark program, never asserted beyond being measured and sane.
/// </summary>
public sealed class LatencyBenchmarkSmokeTests
{
    [Fact]
    public async Task A_quick_latency_run_times_every_event_at_every_websocket_and_sse_client()
    {
        var options = new LatencyOptions(Rate: 100, Seconds: 2, WarmUpSeconds: 1);
        var results = await LatencyBenchmark.RunAsync([2, 3], options, new StringWriter(), CancellationToken.None);
        Assert.Equal([2, 3], results.Select(r => r.Options.Clients));
        Assert.Equal(800, results[0].All.Count); // 200 timed events × 2 clients × 2 transports
        var result = results[1];

        Assert.Equal(300, result.EventsAccepted);
        Assert.Equal(0, result.PostsFailed);
        Assert.Equal(0, result.MissingDeliveries);
        Assert.Empty(result.ClientsEnded);
        // Every measured event at every client: 200 events × 3 clients per transport.
        Assert.Equal(600, result.WebSocket.Count);
        Assert.Equal(600, result.Sse.Count);
        Assert.Equal(1200, result.All.Count);
        Assert.All([result.All, result.WebSocket, result.Sse, result.Ack], Sane);

        var section = LatencyReport.LatencySection(results, DateTime.UtcNow, "latency --clients 2,3 --rate 100 --seconds 2 --warmup 1");
        Assert.Contains("| 3 | all clients | 1,200 |", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quick_ingest_run_commits_batches_and_stores_every_acknowledged_event()
    {
        // 3 s, not less: a batch of 1,000 must be able to finish inside the window on a machine the rest of the suite saturates.
        var options = new IngestOptions(Batches: [100, 1000], Producers: 2, Seconds: 3, WarmUpSeconds: 1);
        var results = await IngestBenchmark.RunAsync(options, new StringWriter(), CancellationToken.None);

        Assert.Equal([100, 1000], results.Select(r => r.Batch));
        Assert.All(results, r =>
        {
            Assert.True(r.EventsPerSecond > 0);
            Assert.Equal(0, r.Failed);
            Assert.Equal(r.Acknowledged, r.Stored);
            Sane(r.Ack);
        });

        var section = IngestReport.IngestSection(results, DateTime.UtcNow, "ingest --batch 100,1000 --producers 2 --seconds 2 --warmup 1");
        Assert.Contains("| 1,000 | 2 |", section, StringComparison.Ordinal);
    }

    private static void Sane(LatencyFigures f)
    {
        Assert.True(f.Count > 0);
        Assert.True(double.IsFinite(f.Max));
        Assert.True(f.P50 > 0 && f.P50 <= f.P99 && f.P99 <= f.P999 && f.P999 <= f.Max, f.ToString());
    }
}

using Dashboard.Benchmarks.Soak;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The soak benchmark still works end to end at a tiny scale: the real app in a child process with the simulator on,
/// WebSocket clients subscribed to dashboard pages' topics, /proc and /metrics readings every second, the report with
/// its rows and verdict. A smoke test only: the figures are checked to exist, never compared with a bound.
/// </summary>
public sealed class SoakBenchmarkSmokeTests
{
    [Fact]
    public async Task A_seconds_long_soak_samples_the_server_and_reports_every_figure()
    {
        var options = new SoakOptions(Clients: 12, Duration: TimeSpan.FromSeconds(12), Interval: TimeSpan.FromSeconds(2), WarmUp: TimeSpan.FromSeconds(2), RateFactor: 10);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var result = await SoakBenchmark.RunAsync(options, TextWriter.Null, timeout.Token);

        // One per 2 s interval when sampling is quick; fewer when a sample takes longer on a loaded machine. 12 s, not 8:
        // on a heavily loaded machine no timed delivery fell inside an 8 s run once (it passed alone in 17 s).
        Assert.InRange(result.Samples.Count, 2, 6);
        Assert.True(result.Samples[^1].Elapsed >= options.Duration - options.Interval, "the last sample falls in the run's last interval");
        Assert.All(result.Samples, s =>
        {
            Assert.True(s.RssBytes > 0 && s.HeapAfterGc > 0 && s.HeapInUse > 0, "memory figures read");
            Assert.True(s.Handles > 0 && s.Threads > 0, "handles and threads read from /proc");
            Assert.Equal(12, s.Connected);
            Assert.True(s.DatabaseBytes > 0);
        });
        Assert.True(result.Samples.Sum(s => s.Latency.Count) > 0, "the simulator's traffic reached the clients and was timed");
        Assert.True(result.Samples[^1].MessagesPerSecond > 0);
        Assert.Equal("20", result.Simulation["Simulation:CallsPerSecond"]);

        var section = SoakReport.Section(result, DateTime.UtcNow, "soak --clients 12");
        foreach (var row in new[] { "| start |", "| end |", "| RSS |", "| managed heap after GC |", "| handles |", "| threads |", "| delivery p99 |" })
        {
            Assert.Contains(row, section, StringComparison.Ordinal);
        }

        Assert.Matches(@"\*\*(Flat|Not flat)\*\*", section);

        // The console log of the run gives the same report again (soak --replay), at the log's precision.
        var log = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(log, [.. result.Samples.Select(SoakBenchmark.Describe), .. section.Split('\n').Select(l => l.TrimEnd('\r'))]);
            var replayed = SoakReplay.Read(log, options, result.Simulation);
            Assert.Equal(result.Samples.Count, replayed.Samples.Count);
            Assert.Equal(result.Samples.Select(s => s.Handles), replayed.Samples.Select(s => s.Handles));
            Assert.Equal(result.Samples.Select(s => s.RssBytes / 1048576.0), replayed.Samples.Select(s => s.RssBytes / 1048576.0), (a, b) => Math.Abs(a - b) < 0.1);
            Assert.Equal(result.Reconnects, replayed.Reconnects);
        }
        finally
        {
            File.Delete(log);
        }
    }
}

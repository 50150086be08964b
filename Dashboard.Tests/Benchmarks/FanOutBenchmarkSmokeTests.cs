using Dashboard.Benchmarks.FanOut;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The fan-out benchmark still works end to end at a tiny size: each server in its own process, every subscriber
/// connected (and, for the Dashboard, authenticated and subscribed), the closed loop delivering, the report written.
/// A smoke test only: the figures are printed by the benchmark program, never compared here.
/// </summary>
public sealed class FanOutBenchmarkSmokeTests
{
    [Fact]
    public async Task A_quick_fan_out_delivers_to_every_subscriber_of_every_server_and_reports()
    {
        var options = new FanOutOptions([50], Seconds: 2, Window: 200);
        var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var results = await FanOutBenchmark.RunAsync(options, log, timeout.Token);

        Assert.Equal(FanOutBenchmark.Servers, results.Select(r => r.Server));
        Assert.All(results, r =>
        {
            Assert.True(r.MinReceived > 0, $"{r.Server}: a subscriber received nothing\n{log}");
            Assert.Equal(0, r.Closed);
            Assert.True(r.Delivered > 0 && double.IsFinite(r.DeliveredPerSecond), $"{r.Server}: nothing delivered while measuring");
            Assert.True(r.ServerCpu > TimeSpan.Zero && double.IsFinite(r.DeliveredPerCpuSecond), $"{r.Server}: no server CPU measured");
            Assert.InRange(r.BytesPerMessage, 250, 350);
        });

        var section = FanOutReport.Section(results, options, DateTime.UtcNow, "fanout --subscribers 50 --seconds 2");
        Assert.Contains("### 50 subscribers", section, StringComparison.Ordinal);
        Assert.Contains("Dashboard / bare", section, StringComparison.Ordinal);
        Assert.Contains("Dashboard / signalr", section, StringComparison.Ordinal);
    }
}

namespace Dashboard.Benchmarks.FanOut;

/// <summary>Options of the fan-out scenario.</summary>
/// <param name="Subscribers">Subscriber counts, each run against every server.</param>
/// <param name="Seconds">Measured seconds per run (after the warm-up).</param>
/// <param name="Window">Messages in flight: more are published only when the slowest subscriber is this close.</param>
/// <param name="Servers">Which servers to run (default all three, in <see cref="FanOutBenchmark.Servers"/> order).</param>
internal sealed record FanOutOptions(IReadOnlyList<int> Subscribers, int Seconds, int Window, IReadOnlyList<string>? Servers = null)
{
    public IReadOnlyList<string> ServersToRun => Servers ?? FanOutBenchmark.Servers;

    public int WarmUpSeconds => Math.Clamp(Seconds / 4, 1, 5);
}

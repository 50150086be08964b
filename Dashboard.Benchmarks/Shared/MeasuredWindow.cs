namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// A measured window of a load against a server: opened once the warm-up is over, closed when the load ends; gives the
/// CPU each party used (<see cref="CpuMeter"/>) and the server's mean time per stage (<see cref="ServerStages"/>) in it.
/// </summary>
internal sealed class MeasuredWindow
{
    private readonly BenchmarkServer _server;
    private readonly Dictionary<string, double> _metricsBefore;
    private readonly CpuMeter _cpu;

    private MeasuredWindow(BenchmarkServer server, Dictionary<string, double> metricsBefore, int? postmaster)
    {
        _server = server;
        _metricsBefore = metricsBefore;
        _cpu = new CpuMeter(server, postmaster);
    }

    /// <summary>Opens the window now; <paramref name="postmaster"/>, when known, has the database's CPU measured too.</summary>
    public static async Task<MeasuredWindow> OpenAsync(BenchmarkServer server, int? postmaster, CancellationToken ct) =>
        new(server, await ServerStages.ScrapeAsync(server, ct), postmaster);

    public async Task<(CpuFigures Cpu, StageMeans Stages)> CloseAsync(CancellationToken ct)
    {
        var cpu = _cpu.Stop();
        return (cpu, ServerStages.Between(_metricsBefore, await ServerStages.ScrapeAsync(_server, ct)));
    }
}

namespace Dashboard.Benchmarks.Connections;

/// <summary>A process's CPU milliseconds per second over a window, and the standard error of that mean.</summary>
internal readonly record struct CpuWindow(double Mean, double StandardError);

/// <summary>One (transport, count) measurement. <see cref="Skipped"/> names why it was not run.</summary>
internal sealed record ConnectionsResult(
    string Transport, int Requested, int Opened, long ServerConnections, int StillOpen,
    long RssBefore, long RssAfter, bool Settled, long HeapBefore, long HeapAfter,
    CpuWindow BaselineCpu, CpuWindow LoadedCpu, double WindowSeconds, double PingsPerConnection, long ClientRss, string? Skipped = null)
{
    /// <summary>The server's settled RSS after the connections closed again (come and go); 0 when not measured.</summary>
    public long RssAfterClose { get; init; }

    /// <summary><see cref="RssAfterClose"/> / <see cref="RssBefore"/>: 1.2 means 20 % above where it started.</summary>
    public double AfterCloseRatio => RssBefore > 0 && RssAfterClose > 0 ? RssAfterClose / (double)RssBefore : double.NaN;

    public double KibPerConnection => Opened > 0 ? (RssAfter - RssBefore) / 1024.0 / Opened : double.NaN;

    public double HeapKibPerConnection => Opened > 0 && HeapBefore > 0 && HeapAfter > 0 ? (HeapAfter - HeapBefore) / 1024.0 / Opened : double.NaN;

    /// <summary>Heartbeat CPU: the server's CPU ms per second with the connections, less without them.</summary>
    public double HeartbeatCpu => LoadedCpu.Mean - BaselineCpu.Mean;

    /// <summary>About a 95 % interval of <see cref="HeartbeatCpu"/>: twice the combined standard errors of the two windows.</summary>
    public double HeartbeatCpuNoise => 2 * Math.Sqrt(Math.Pow(LoadedCpu.StandardError, 2) + Math.Pow(BaselineCpu.StandardError, 2));

    public double HeartbeatCpuPerThousand => Opened > 0 ? HeartbeatCpu / (Opened / 1000.0) : double.NaN;
}

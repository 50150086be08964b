using System.Diagnostics;
using Dashboard.Observability;

namespace Dashboard.Metrics;

/// <summary>Topic <c>system</c>, type <c>system_health_update</c> (snapshot): this node's health.</summary>
/// <param name="Node">Machine name and process id, <c>host:pid</c>.</param>
/// <param name="CpuPercent">Process CPU over the time since the previous sample, as a share of every core (0..100); 0 on the first sample.</param>
/// <param name="WorkingSetBytes">Process working set.</param>
/// <param name="ManagedHeapBytes">Bytes allocated on the managed heap (<c>GC.GetTotalMemory(false)</c>).</param>
/// <param name="Connections">Open client connections by transport.</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
/// <param name="ComputedAt">Sample time (UTC).</param>
public sealed record SystemHealthUpdate(
    string Node,
    double CpuPercent,
    long WorkingSetBytes,
    long ManagedHeapBytes,
    ConnectionCounts Connections,
    double UptimeSeconds,
    DateTime ComputedAt);

/// <summary>Open connections per transport.</summary>
public sealed record ConnectionCounts(long Websocket, long Sse);

/// <summary>Samples this process for <see cref="SystemHealthUpdate"/>; keeps the previous CPU reading for the delta.</summary>
internal sealed class SystemHealthSampler(DashboardMetrics metrics, TimeProvider time)
{
    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly DateTime _processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private readonly Lock _gate = new();
    private (TimeSpan Cpu, long Timestamp)? _previous;

    /// <summary>Takes one sample.</summary>
    public SystemHealthUpdate Sample()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cpu = Environment.CpuUsage.TotalTime;
        var timestamp = time.GetTimestamp();
        double cpuPercent = 0;
        lock (_gate)
        {
            if (_previous is { } p)
            {
                var wall = time.GetElapsedTime(p.Timestamp, timestamp);
                if (wall > TimeSpan.Zero)
                {
                    cpuPercent = Math.Clamp((cpu - p.Cpu) / wall / Environment.ProcessorCount * 100, 0, 100);
                }
            }

            _previous = (cpu, timestamp);
        }

        return new SystemHealthUpdate(
            Node,
            Math.Round(cpuPercent, 2),
            Environment.WorkingSet,
            GC.GetTotalMemory(false),
            new ConnectionCounts(metrics.Connections("websocket"), metrics.Connections("sse")),
            Math.Round(Math.Max(0, (now - _processStart).TotalSeconds), 3),
            now);
    }
}

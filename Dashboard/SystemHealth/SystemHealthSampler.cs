using Dashboard.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Diagnostics;
using System.Reflection;

namespace Dashboard.SystemHealth;

/// <summary>
/// Samples this process for <see cref="SystemHealthUpdate"/>: CPU, memory, connections, the <c>/readyz</c> checks, and the
/// realtime and job instruments <c>/metrics</c> exports. Keeps the previous readings for the per-interval figures.
/// </summary>
internal sealed class SystemHealthSampler(DashboardMetrics metrics, HttpMetrics http, HealthCheckService health, TimeProvider time)
{
    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    // The informational version carries "+<commit>" when the build stamps one; 64 characters is plenty for a table cell.
    private static readonly string Version = (typeof(SystemHealthSampler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SystemHealthSampler).Assembly.GetName().Version?.ToString() ?? "unknown") is var v && v.Length > 64 ? v[..64] : v;

    private readonly DateTime _processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _lastLag = new(StringComparer.Ordinal);
    private (TimeSpan Cpu, long Timestamp, InstrumentTotals Totals)? _previous;

    /// <summary>Takes one sample (runs the readiness checks, so it may take up to their timeout).</summary>
    public async Task<SystemHealthUpdate> SampleAsync(CancellationToken cancellationToken)
    {
        var totals = SystemInstruments.Read(metrics, http);
        var readiness = await ReadinessAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var cpu = Environment.CpuUsage.TotalTime;
        var timestamp = time.GetTimestamp();
        double cpuPercent = 0;
        RealtimeThroughput realtime;
        List<JobHealth> jobs;
        lock (_gate)
        {
            double? seconds = null;
            InstrumentTotals? before = null;
            if (_previous is { } p)
            {
                var wall = time.GetElapsedTime(p.Timestamp, timestamp);
                if (wall > TimeSpan.Zero)
                {
                    cpuPercent = Math.Clamp((cpu - p.Cpu) / wall / Environment.ProcessorCount * 100, 0, 100);
                    seconds = wall.TotalSeconds;
                    before = p.Totals;
                }
            }

            realtime = Throughput(totals, before, seconds);
            jobs = Jobs(totals, before);
            _previous = (cpu, timestamp, totals);
        }

        return new SystemHealthUpdate(
            Node,
            Math.Round(cpuPercent, 2),
            Environment.WorkingSet,
            GC.GetTotalMemory(false),
            new ConnectionCounts(metrics.Connections("websocket"), metrics.Connections("sse")),
            Math.Round(Math.Max(0, (now - _processStart).TotalSeconds), 3),
            now,
            Version,
            realtime,
            readiness,
            jobs);
    }

    private static RealtimeThroughput Throughput(InstrumentTotals now, InstrumentTotals? before, double? seconds)
    {
        double? Rate(double current, double previous) =>
            seconds is { } s && before is not null ? Math.Round(Math.Max(0, current - previous) / s, 3) : null;
        double Sum(IReadOnlyDictionary<string, double> d) => d.Values.Sum();

        var transports = new Dictionary<string, TransportThroughput>(StringComparer.Ordinal);
        foreach (var transport in new[] { "websocket", "sse" })
        {
            transports[transport] = new TransportThroughput(
                Rate(now.Sent.GetValueOrDefault(transport), before?.Sent.GetValueOrDefault(transport) ?? 0),
                Rate(now.Dropped.GetValueOrDefault(transport), before?.Dropped.GetValueOrDefault(transport) ?? 0));
        }

        return new RealtimeThroughput(
            Rate(Sum(now.Sent), before is null ? 0 : Sum(before.Sent)),
            Rate(Sum(now.Dropped), before is null ? 0 : Sum(before.Dropped)),
            Rate(now.SnapshotReads, before?.SnapshotReads ?? 0),
            (long)Sum(now.Sent),
            (long)Sum(now.Dropped),
            transports);
    }

    // Called under _gate: _lastLag remembers each job's newest interval lag, so an hourly job keeps showing its last one.
    private List<JobHealth> Jobs(InstrumentTotals now, InstrumentTotals? before)
    {
        var jobs = new List<JobHealth>(now.Jobs.Count);
        foreach (var (name, job) in now.Jobs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var previous = before?.Jobs.GetValueOrDefault(name);
            var firings = job.LagCount - (previous?.LagCount ?? 0);
            if (firings > 0)
            {
                _lastLag[name] = Math.Round((job.LagSum - (previous?.LagSum ?? 0)) / firings, 3);
            }

            jobs.Add(new JobHealth(
                name,
                _lastLag.TryGetValue(name, out var lag) ? lag : null,
                job.LagCount > 0 ? Math.Round(job.LagSum / job.LagCount, 3) : null,
                (long)(job.Successes + job.Failures),
                (long)job.Failures,
                job.DurationCount > 0 ? Math.Round(job.DurationSum / job.DurationCount, 4) : null));
        }

        return jobs;
    }

    private async Task<ReadinessReport> ReadinessAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(ObservabilityExtensions.ReadyTag), cancellationToken);
        return new ReadinessReport(
            Status(report.Status),
            Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            [.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new ReadinessCheck(
                e.Key, Status(e.Value.Status), e.Value.Description, Math.Round(e.Value.Duration.TotalMilliseconds, 1)))]);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

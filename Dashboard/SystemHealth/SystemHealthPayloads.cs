namespace Dashboard.SystemHealth;

/// <summary>Topic <c>system</c>, type <c>system_health_update</c> (snapshot): the health of the node that took the sample.</summary>
/// <param name="Node">Machine name and process id, <c>host:pid</c>.</param>
/// <param name="Version">The server's informational version (the build's version, with the commit when the build stamped it).</param>
/// <param name="CpuPercent">Process CPU over the time since the previous sample, as a share of every core (0..100); 0 on the first sample.</param>
/// <param name="WorkingSetBytes">Process working set.</param>
/// <param name="ManagedHeapBytes">Bytes allocated on the managed heap (<c>GC.GetTotalMemory(false)</c>).</param>
/// <param name="Connections">Open client connections by transport.</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
/// <param name="ComputedAt">Sample time (UTC).</param>
/// <param name="Realtime">Messages written and dropped since this node's previous sample.</param>
/// <param name="Readiness">The <c>/readyz</c> checks (database, backplane), run for this sample.</param>
/// <param name="Jobs">Recurring jobs as this node's instruments saw them, by name.</param>
public sealed record SystemHealthUpdate(
    string Node,
    double CpuPercent,
    long WorkingSetBytes,
    long ManagedHeapBytes,
    ConnectionCounts Connections,
    double UptimeSeconds,
    DateTime ComputedAt,
    string Version,
    RealtimeThroughput Realtime,
    ReadinessReport Readiness,
    IReadOnlyList<JobHealth> Jobs)
{
    /// <summary>The message type, on topic <c>system</c>.</summary>
    public const string MessageType = "system_health_update";
}

/// <summary>Open connections per transport (polling is not a connection: see <see cref="RealtimeThroughput.PollsPerSecond"/>).</summary>
public sealed record ConnectionCounts(long Websocket, long Sse);

/// <summary>
/// Delivery since this node's previous sample (<c>dashboard_messages_sent_total</c>, <c>dashboard_messages_dropped_total</c>);
/// rates are null on a node's first sample.
/// </summary>
/// <param name="SentPerSecond">Messages written to clients per second, all transports.</param>
/// <param name="DroppedPerSecond">Messages not delivered per second (coalesced or slow consumer), all transports.</param>
/// <param name="PollsPerSecond">Snapshot reads per second (<c>GET /api/v1/snapshots/{topic}</c>: the polling fallback and Refresh).</param>
/// <param name="SentTotal">Messages written since the process started.</param>
/// <param name="DroppedTotal">Messages dropped since the process started.</param>
/// <param name="Transports">The same rates per transport (<c>websocket</c>, <c>sse</c>).</param>
public sealed record RealtimeThroughput(
    double? SentPerSecond,
    double? DroppedPerSecond,
    double? PollsPerSecond,
    long SentTotal,
    long DroppedTotal,
    IReadOnlyDictionary<string, TransportThroughput> Transports);

/// <summary>One transport's delivery rates since the previous sample (null on the first).</summary>
public sealed record TransportThroughput(double? SentPerSecond, double? DroppedPerSecond);

/// <summary>The readiness checks' outcome: <c>status</c> is <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</summary>
public sealed record ReadinessReport(string Status, double DurationMs, IReadOnlyList<ReadinessCheck> Checks);

/// <summary>One readiness check (<c>database</c>, <c>backplane</c>).</summary>
public sealed record ReadinessCheck(string Name, string Status, string? Description, double DurationMs);

/// <summary>One recurring job on this node.</summary>
/// <param name="Job">The job's name (the <c>job</c> label).</param>
/// <param name="LagSeconds">Mean lag (fired − scheduled) of its firings since the previous sample, or of the last sample that had any; null before the first.</param>
/// <param name="MeanLagSeconds">Mean lag over every firing since the process started.</param>
/// <param name="Runs">Runs on this node since the process started.</param>
/// <param name="Failures">Failed runs among them.</param>
/// <param name="MeanDurationSeconds">Mean run time; null before the first run.</param>
public sealed record JobHealth(string Job, double? LagSeconds, double? MeanLagSeconds, long Runs, long Failures, double? MeanDurationSeconds);

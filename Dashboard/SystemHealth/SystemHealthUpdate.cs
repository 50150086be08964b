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

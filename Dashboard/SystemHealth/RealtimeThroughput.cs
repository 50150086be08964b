namespace Dashboard.SystemHealth;

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

using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// The server's transport, job, backplane and storage instruments (meter <c>Dashboard</c>), exported at <c>/metrics</c>.
/// Instrument names are already Prometheus names; the exporter adds <c>_total</c> to counters and the unit suffix
/// (<c>_seconds</c>, <c>_bytes</c>). Ingestion and business gauges have their own classes (<see cref="IngestionMetrics"/>,
/// <see cref="BusinessMetrics"/>); docs/observability.md lists every family.
/// </summary>
public sealed class DashboardMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "Dashboard";

    private static readonly string[] CloseCodeLabels = [.. Enumerable.Range(1000, 4000).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private readonly Meter _meter;
    private readonly TransportGauge _connectionCounts = new();
    private readonly TransportGauge _subscriptionCounts = new();
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _messagesDropped;
    private readonly Counter<long> _slowConsumerCloses;
    private readonly Counter<long> _disconnects;
    private readonly Counter<long> _resumes;
    private readonly Histogram<double> _broadcastDuration;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _jobLag;
    private readonly Counter<long> _backplaneMessages;
    private readonly Counter<long> _backplaneGaps;
    private readonly Histogram<double> _backplaneCommit;
    private readonly Counter<long> _rolledUp;
    private readonly Counter<long> _retentionDeleted;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public DashboardMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableUpDownCounter(
            "dashboard_connections",
            _connectionCounts.Measure,
            description: "Open client connections by transport (websocket, sse).");
        _meter.CreateObservableUpDownCounter(
            "dashboard_subscriptions",
            _subscriptionCounts.Measure,
            description: "Topic subscriptions held by open connections, by transport.");
        _messagesSent = _meter.CreateCounter<long>("dashboard_messages_sent", description: "Messages written to clients, by transport.");
        _bytesSent = _meter.CreateCounter<long>("dashboard_sent", unit: "By", description: "Bytes of messages written to clients (frame payloads), by transport.");
        _messagesDropped = _meter.CreateCounter<long>("dashboard_messages_dropped", description: "Messages not delivered to a client, by transport and reason (coalesced, slow_consumer).");
        _slowConsumerCloses = _meter.CreateCounter<long>("dashboard_slow_consumer_closes", description: "Connections closed because their send queue overflowed (WebSocket close 4008, SSE stream ended), by transport.");
        _disconnects = _meter.CreateCounter<long>("dashboard_disconnects", description: "Closed client connections, by transport and close code (RFC 6455 / PROTOCOL.md §3; SSE ends are mapped to the WebSocket code of the same cause).");
        _resumes = _meter.CreateCounter<long>("dashboard_resumes", description: "Subscriptions that asked to resume from a seq, by transport and result (replayed: the missed messages were sent; resync: a resync and the snapshot were sent).");
        _broadcastDuration = _meter.CreateHistogram<double>("dashboard_broadcast_duration", unit: "s", description: "Time to hand one message to every subscriber of its stream.");
        _jobRuns = _meter.CreateCounter<long>("dashboard_job_runs", description: "Recurring job executions, by job and result (success, failure).");
        _jobDuration = _meter.CreateHistogram<double>("dashboard_job_duration", unit: "s", description: "Recurring job execution time, by job.");
        _jobLag = _meter.CreateHistogram<double>("dashboard_job_lag", unit: "s", description: "Delay between a firing's scheduled time and the time Quartz actually fired it, by job.");
        _backplaneMessages = _meter.CreateCounter<long>("dashboard_backplane_messages", description: "Messages through the PostgreSQL backplane, by direction (published by this node, applied on this node).");
        _backplaneGaps = _meter.CreateCounter<long>("dashboard_backplane_gaps", description: "Seq gaps this node saw on a stream, by result (repaired from the log, lost: the stream's history was cleared).");
        _backplaneCommit = _meter.CreateHistogram<double>("dashboard_backplane_commit_duration", unit: "s", description: "Time to sequence, log and notify one batch of published messages.");
        _rolledUp = _meter.CreateCounter<long>("dashboard_rollup_rows", description: "Hourly roll-up rows moved into their UTC day by the roll-up job, by hourly table.");
        _retentionDeleted = _meter.CreateCounter<long>("dashboard_retention_deleted_rows", description: "Rows deleted by the retention job, by table.");
    }

    /// <summary>A connection opened (+1) or closed (-1) on <paramref name="transport"/> (<c>websocket</c>, <c>sse</c>).</summary>
    public void ConnectionChanged(string transport, int delta) =>
        _connectionCounts.Add(transport, delta);

    /// <summary>Connections open now on <paramref name="transport"/>.</summary>
    public long Connections(string transport) =>
        _connectionCounts.Get(transport);

    /// <summary><paramref name="delta"/> topic subscriptions added (+) or removed (−) on <paramref name="transport"/>.</summary>
    public void SubscriptionsChanged(string transport, int delta) => _subscriptionCounts.Add(transport, delta);

    /// <summary><paramref name="messages"/> messages, <paramref name="bytes"/> bytes in all, written on <paramref name="transport"/>.</summary>
    public void MessageSent(string transport, long bytes, long messages = 1)
    {
        var tag = new KeyValuePair<string, object?>("transport", transport);
        _messagesSent.Add(messages, tag);
        _bytesSent.Add(bytes, tag);
    }

    /// <summary>A message not delivered on <paramref name="transport"/> for <paramref name="reason"/> (<c>coalesced</c>, <c>slow_consumer</c>).</summary>
    public void MessageDropped(string transport, string reason) =>
        _messagesDropped.Add(1, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A connection on <paramref name="transport"/> is being closed because its send queue overflowed.</summary>
    public void SlowConsumerClosed(string transport) =>
        _slowConsumerCloses.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>
    /// A connection on <paramref name="transport"/> ended with close code <paramref name="code"/> (RFC 6455 §7.4: 1000
    /// normal, 1001 going away, 1006 abnormal (no close frame), 1005 none given; 4000–4999 PROTOCOL.md §3).
    /// </summary>
    public void Disconnected(string transport, int code) =>
        _disconnects.Add(
            1,
            new KeyValuePair<string, object?>("transport", transport),
            new KeyValuePair<string, object?>("code", CloseCodeLabel(code)));

    /// <summary>A subscription with <c>since</c> started on <paramref name="transport"/>: missed messages replayed, or a resync.</summary>
    public void Resumed(string transport, bool replayed) =>
        _resumes.Add(1, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("result", replayed ? "replayed" : "resync"));

    /// <summary>Records one broadcast's fan-out time.</summary>
    public void RecordBroadcast(TimeSpan elapsed) => _broadcastDuration.Record(elapsed.TotalSeconds);

    /// <summary>Records one job execution.</summary>
    public void JobRan(string job, bool success, TimeSpan elapsed)
    {
        _jobRuns.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("result", success ? "success" : "failure"));
        _jobDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job));
    }

    /// <summary>
    /// Records how late a firing of <paramref name="job"/> started: Quartz's <c>FireTimeUtc − ScheduledFireTimeUtc</c>
    /// (misfires, a busy thread pool, or a cluster node that took over late). Negative values (clock skew) count as 0.
    /// </summary>
    public void JobFired(string job, TimeSpan lag) =>
        _jobLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("job", job));

    /// <summary><paramref name="count"/> messages published (<c>published</c>) or applied (<c>applied</c>) through the backplane.</summary>
    public void BackplaneMessages(string direction, long count) =>
        _backplaneMessages.Add(count, new KeyValuePair<string, object?>("direction", direction));

    /// <summary>A seq gap seen on a stream, <c>repaired</c> from the log or <c>lost</c>.</summary>
    public void BackplaneGap(string result) => _backplaneGaps.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>Records one backplane batch commit.</summary>
    public void RecordBackplaneCommit(TimeSpan elapsed) => _backplaneCommit.Record(elapsed.TotalSeconds);

    /// <summary><paramref name="count"/> rows of <paramref name="table"/> moved into daily roll-ups.</summary>
    public void RolledUp(string table, long count)
    {
        if (count > 0)
        {
            _rolledUp.Add(count, new KeyValuePair<string, object?>("table", table));
        }
    }

    /// <summary><paramref name="count"/> rows of <paramref name="table"/> deleted by the retention job.</summary>
    public void RetentionDeleted(string table, long count)
    {
        if (count > 0)
        {
            _retentionDeleted.Add(count, new KeyValuePair<string, object?>("table", table));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    // Close codes 1000..4999 as label strings, allocated once.
    private static string CloseCodeLabel(int code) =>
        (uint)(code - 1000) < (uint)CloseCodeLabels.Length ? CloseCodeLabels[code - 1000] : code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

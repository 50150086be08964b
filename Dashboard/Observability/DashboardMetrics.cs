using Prometheus;
using System.Globalization;

namespace Dashboard.Observability;

/// <summary>
/// The server's transport, job, backplane and storage families, prometheus-net collectors in the application's
/// <see cref="CollectorRegistry"/>, exported at <c>/metrics</c>. Ingestion, poison isolation and business gauges have
/// their own classes (<see cref="IngestionMetrics"/>, <see cref="ResilienceMetrics"/>, the business gauges (<c>BusinessSeries/</c>));
/// docs/observability.md lists every family.
/// </summary>
public sealed class DashboardMetrics
{
    private static readonly string[] CloseCodeLabels = [.. Enumerable.Range(1000, 4000).Select(c => c.ToString(CultureInfo.InvariantCulture))];

    private readonly Gauge _connections;
    private readonly Gauge _subscriptions;
    private readonly Counter _messagesSent;
    private readonly Counter _bytesSent;
    private readonly Counter _messagesDropped;
    private readonly Counter _slowConsumerCloses;
    private readonly Counter _disconnects;
    private readonly Counter _resumes;
    private readonly Histogram _broadcastDuration;
    private readonly Counter _jobRuns;
    private readonly Histogram _jobDuration;
    private readonly Histogram _jobLag;
    private readonly Counter _backplaneMessages;
    private readonly Counter _backplaneGaps;
    private readonly Histogram _backplaneCommit;
    private readonly Counter _rolledUp;
    private readonly Counter _retentionDeleted;

    /// <summary>Creates the collectors in <paramref name="registry"/> (or returns the ones already there).</summary>
    public DashboardMetrics(CollectorRegistry registry)
    {
        var factory = MetricsRegistry.Factory(registry);
        var seconds = new HistogramConfiguration { Buckets = MetricsRegistry.SecondsBuckets };
        _connections = factory.CreateGauge("dashboard_connections", "Open client connections by transport (websocket, sse).", "transport");
        _subscriptions = factory.CreateGauge("dashboard_subscriptions", "Topic subscriptions held by open connections, by transport.", "transport");
        _messagesSent = factory.CreateCounter("dashboard_messages_sent_total", "Messages written to clients, by transport.", "transport");
        _bytesSent = factory.CreateCounter("dashboard_sent_bytes_total", "Bytes of messages written to clients (frame payloads), by transport.", "transport");
        _messagesDropped = factory.CreateCounter("dashboard_messages_dropped_total", "Messages not delivered to a client, by transport and reason (coalesced, slow_consumer).", "transport", "reason");
        _slowConsumerCloses = factory.CreateCounter("dashboard_slow_consumer_closes_total", "Connections closed because their send queue overflowed (WebSocket close 4008, SSE stream ended), by transport.", "transport");
        _disconnects = factory.CreateCounter("dashboard_disconnects_total", "Closed client connections, by transport and close code (RFC 6455 and docs/protocol.md; SSE ends are mapped to the WebSocket code of the same cause).", "transport", "code");
        _resumes = factory.CreateCounter("dashboard_resumes_total", "Subscriptions that asked to resume from a seq, by transport and result (replayed: the missed messages were sent; resync: a resync and the snapshot were sent).", "transport", "result");
        _broadcastDuration = factory.CreateHistogram("dashboard_broadcast_duration_seconds", "Time to hand one message to every subscriber of its stream.", seconds);
        _jobRuns = factory.CreateCounter("dashboard_job_runs_total", "Recurring job executions, by job and result (success, failure).", "job", "result");
        _jobDuration = factory.CreateHistogram("dashboard_job_duration_seconds", "Recurring job execution time, by job.", ["job"], seconds);
        _jobLag = factory.CreateHistogram("dashboard_job_lag_seconds", "Delay between a firing's scheduled time and the time Quartz actually fired it, by job.", ["job"], seconds);
        _backplaneMessages = factory.CreateCounter("dashboard_backplane_messages_total", "Messages through the PostgreSQL backplane, by direction (published by this node, applied on this node).", "direction");
        _backplaneGaps = factory.CreateCounter("dashboard_backplane_gaps_total", "Seq gaps this node saw on a stream, by result (repaired from the log, lost: the stream's history was cleared).", "result");
        _backplaneCommit = factory.CreateHistogram("dashboard_backplane_commit_duration_seconds", "Time to sequence, log and notify one batch of published messages.", seconds);
        _rolledUp = factory.CreateCounter("dashboard_rollup_rows_total", "Hourly roll-up rows moved into their UTC day by the roll-up job, by hourly table.", "table");
        _retentionDeleted = factory.CreateCounter("dashboard_retention_deleted_rows_total", "Rows deleted by the retention job, by table.", "table");
    }

    /// <summary><c>dashboard_messages_sent_total</c>, read by the System page (docs/observability.md).</summary>
    internal Counter MessagesSentCounter => _messagesSent;

    /// <summary><c>dashboard_messages_dropped_total</c>, read by the System page.</summary>
    internal Counter MessagesDroppedCounter => _messagesDropped;

    /// <summary><c>dashboard_job_runs_total</c>, read by the System page.</summary>
    internal Counter JobRunsCounter => _jobRuns;

    /// <summary><c>dashboard_job_duration_seconds</c>, read by the System page.</summary>
    internal Histogram JobDurationHistogram => _jobDuration;

    /// <summary><c>dashboard_job_lag_seconds</c>, read by the System page.</summary>
    internal Histogram JobLagHistogram => _jobLag;

    /// <summary>A connection opened (+1) or closed (-1) on <paramref name="transport"/> (<c>websocket</c>, <c>sse</c>).</summary>
    public void ConnectionChanged(string transport, int delta) => _connections.WithLabels(transport).Inc(delta);

    /// <summary>Connections open now on <paramref name="transport"/>.</summary>
    public long Connections(string transport) => (long)_connections.WithLabels(transport).Value;

    /// <summary><paramref name="delta"/> topic subscriptions added (+) or removed (−) on <paramref name="transport"/>.</summary>
    public void SubscriptionsChanged(string transport, int delta) => _subscriptions.WithLabels(transport).Inc(delta);

    /// <summary><paramref name="messages"/> messages, <paramref name="bytes"/> bytes in all, written on <paramref name="transport"/>.</summary>
    public void MessageSent(string transport, long bytes, long messages = 1)
    {
        _messagesSent.WithLabels(transport).Inc(messages);
        _bytesSent.WithLabels(transport).Inc(bytes);
    }

    /// <summary>A message not delivered on <paramref name="transport"/> for <paramref name="reason"/> (<c>coalesced</c>, <c>slow_consumer</c>).</summary>
    public void MessageDropped(string transport, string reason) => _messagesDropped.WithLabels(transport, reason).Inc();

    /// <summary>A connection on <paramref name="transport"/> is being closed because its send queue overflowed.</summary>
    public void SlowConsumerClosed(string transport) => _slowConsumerCloses.WithLabels(transport).Inc();

    /// <summary>
    /// A connection on <paramref name="transport"/> ended with close code <paramref name="code"/> (RFC 6455 §7.4: 1000
    /// normal, 1001 going away, 1006 abnormal (no close frame), 1005 none given; 4000–4999 docs/protocol.md).
    /// </summary>
    public void Disconnected(string transport, int code) => _disconnects.WithLabels(transport, CloseCodeLabel(code)).Inc();

    /// <summary>A subscription with <c>since</c> started on <paramref name="transport"/>: missed messages replayed, or a resync.</summary>
    public void Resumed(string transport, bool replayed) => _resumes.WithLabels(transport, replayed ? "replayed" : "resync").Inc();

    /// <summary>Records one broadcast's fan-out time.</summary>
    public void RecordBroadcast(TimeSpan elapsed) => _broadcastDuration.Observe(elapsed.TotalSeconds);

    /// <summary>Records one job execution.</summary>
    public void JobRan(string job, bool success, TimeSpan elapsed)
    {
        _jobRuns.WithLabels(job, success ? "success" : "failure").Inc();
        _jobDuration.WithLabels(job).Observe(elapsed.TotalSeconds);
    }

    /// <summary>
    /// Records how late a firing of <paramref name="job"/> started: Quartz's <c>FireTimeUtc − ScheduledFireTimeUtc</c>
    /// (misfires, a busy thread pool, or a cluster node that took over late). Negative values (clock skew) count as 0.
    /// </summary>
    public void JobFired(string job, TimeSpan lag) => _jobLag.WithLabels(job).Observe(Math.Max(0, lag.TotalSeconds));

    /// <summary><paramref name="count"/> messages published (<c>published</c>) or applied (<c>applied</c>) through the backplane.</summary>
    public void BackplaneMessages(string direction, long count) => _backplaneMessages.WithLabels(direction).Inc(count);

    /// <summary>A seq gap seen on a stream, <c>repaired</c> from the log or <c>lost</c>.</summary>
    public void BackplaneGap(string result) => _backplaneGaps.WithLabels(result).Inc();

    /// <summary>Records one backplane batch commit.</summary>
    public void RecordBackplaneCommit(TimeSpan elapsed) => _backplaneCommit.Observe(elapsed.TotalSeconds);

    /// <summary><paramref name="count"/> rows of <paramref name="table"/> moved into daily roll-ups.</summary>
    public void RolledUp(string table, long count)
    {
        if (count > 0)
        {
            _rolledUp.WithLabels(table).Inc(count);
        }
    }

    /// <summary><paramref name="count"/> rows of <paramref name="table"/> deleted by the retention job.</summary>
    public void RetentionDeleted(string table, long count)
    {
        if (count > 0)
        {
            _retentionDeleted.WithLabels(table).Inc(count);
        }
    }

    // Close codes 1000..4999 as label strings, allocated once.
    private static string CloseCodeLabel(int code) =>
        (uint)(code - 1000) < (uint)CloseCodeLabels.Length ? CloseCodeLabels[code - 1000] : code.ToString(CultureInfo.InvariantCulture);
}

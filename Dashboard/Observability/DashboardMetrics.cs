using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// The server's own instruments (meter <c>Dashboard</c>), exported at <c>/metrics</c>. Instrument names are already
/// Prometheus names; the exporter adds <c>_total</c> to counters and the unit suffix (<c>_seconds</c>, <c>_bytes</c>).
/// </summary>
public sealed class DashboardMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "Dashboard";

    private readonly Meter _meter;
    private readonly TransportGauge _connectionCounts = new();
    private readonly TransportGauge _subscriptionCounts = new();
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesDropped;
    private readonly Histogram<double> _broadcastDuration;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _events;
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
        _messagesDropped = _meter.CreateCounter<long>("dashboard_messages_dropped", description: "Messages not delivered to a client, by transport and reason (coalesced, slow_consumer).");
        _broadcastDuration = _meter.CreateHistogram<double>("dashboard_broadcast_duration", unit: "s", description: "Time to hand one message to every subscriber of its stream.");
        _jobRuns = _meter.CreateCounter<long>("dashboard_job_runs", description: "Recurring job executions, by job and result (success, failure).");
        _jobDuration = _meter.CreateHistogram<double>("dashboard_job_duration", unit: "s", description: "Recurring job execution time, by job.");
        _events = _meter.CreateCounter<long>("dashboard_events_ingested", description: "Ingested CloudEvents, by result (accepted, duplicate, rejected).");
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

    /// <summary><paramref name="count"/> messages written on <paramref name="transport"/>.</summary>
    public void MessagesSent(string transport, long count = 1) => _messagesSent.Add(count, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>A message not delivered on <paramref name="transport"/> for <paramref name="reason"/>.</summary>
    public void MessageDropped(string transport, string reason) =>
        _messagesDropped.Add(1, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Records one broadcast's fan-out time.</summary>
    public void RecordBroadcast(TimeSpan elapsed) => _broadcastDuration.Record(elapsed.TotalSeconds);

    /// <summary>Records one job execution.</summary>
    public void JobRan(string job, bool success, TimeSpan elapsed)
    {
        _jobRuns.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("result", success ? "success" : "failure"));
        _jobDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job));
    }

    /// <summary><paramref name="count"/> events ingested with <paramref name="result"/> (<c>accepted</c>, <c>duplicate</c>, <c>rejected</c>).</summary>
    public void EventsIngested(string result, long count)
    {
        if (count > 0)
        {
            _events.Add(count, new KeyValuePair<string, object?>("result", result));
        }
    }

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

    // A per-transport count read by an observable instrument at scrape time (and by the system health job).
    private sealed class TransportGauge
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Runtime.CompilerServices.StrongBox<long>> _counts = new(StringComparer.Ordinal);

        public void Add(string transport, long delta) =>
            Interlocked.Add(ref _counts.GetOrAdd(transport, static _ => new System.Runtime.CompilerServices.StrongBox<long>()).Value, delta);

        public long Get(string transport) => _counts.TryGetValue(transport, out var box) ? Volatile.Read(ref box.Value) : 0;

        public IEnumerable<Measurement<long>> Measure() =>
            _counts.Select(kv => new Measurement<long>(Volatile.Read(ref kv.Value.Value), new KeyValuePair<string, object?>("transport", kv.Key)));
    }
}

using Prometheus;

namespace Dashboard.Observability;

/// <summary>
/// Ingestion families (prometheus-net collectors in the application's <see cref="CollectorRegistry"/>):
/// <c>dashboard_events_ingested_total{result}</c> (events; <c>accepted</c>, <c>duplicate</c>, <c>rejected</c>),
/// <c>dashboard_ingest_rejections_total{reason}</c> (refused requests, one of <see cref="RejectReasons"/>: a bounded label
/// set), <c>dashboard_ingest_batch_events</c> (histogram of events per stored request),
/// <c>dashboard_ingest_commit_duration_seconds</c> (histogram of a request's wait, insert and commit) and
/// <c>dashboard_ingest_commit_requests</c> (histogram of requests sharing one commit: group commit).
/// </summary>
public sealed class IngestionMetrics
{
    /// <summary>Bucket bounds of the batch size histogram, in events (the default <c>Ingestion:MaxBatchEvents</c> is 1000).</summary>
    public static readonly double[] BatchBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>Bucket bounds of the requests-per-commit histogram.</summary>
    public static readonly double[] SharedBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

    private readonly Counter _events;
    private readonly Counter _rejections;
    private readonly Histogram _batchSize;
    private readonly Histogram _commit;
    private readonly Histogram _shared;

    /// <summary>Creates the collectors in <paramref name="registry"/> (or returns the ones already there).</summary>
    public IngestionMetrics(CollectorRegistry registry)
    {
        var factory = MetricsRegistry.Factory(registry);
        _events = factory.CreateCounter("dashboard_events_ingested_total", "Ingested CloudEvents, by result (accepted, duplicate, rejected).", "result");
        _rejections = factory.CreateCounter(
            "dashboard_ingest_rejections_total",
            "Ingestion requests refused, by reason (validation, too_large, unsupported_media_type, unauthorized, storage, unavailable).",
            "reason");
        _batchSize = factory.CreateHistogram(
            "dashboard_ingest_batch_events",
            "Events per ingestion request that reached the event store (before duplicates are removed).",
            new HistogramConfiguration { Buckets = BatchBuckets });
        _commit = factory.CreateHistogram(
            "dashboard_ingest_commit_duration_seconds",
            "Time from one request's events reaching the store to their commit, including the wait to share a commit.",
            new HistogramConfiguration { Buckets = MetricsRegistry.SecondsBuckets });
        _shared = factory.CreateHistogram(
            "dashboard_ingest_commit_requests",
            "Ingestion requests whose events one database commit stored (group commit).",
            new HistogramConfiguration { Buckets = SharedBuckets });
    }

    /// <summary>
    /// <paramref name="count"/> events ingested with <paramref name="result"/> (<c>accepted</c>, <c>duplicate</c>,
    /// <c>rejected</c>); nothing is recorded for 0.
    /// </summary>
    public void EventsIngested(string result, long count)
    {
        if (count > 0)
        {
            _events.WithLabels(result).Inc(count);
        }
    }

    /// <summary>
    /// One request refused for <paramref name="reason"/> (a <see cref="RejectReasons"/> constant), with
    /// <paramref name="events"/> events known to be in it (0 when the body was never parsed).
    /// </summary>
    public void Rejected(string reason, int events)
    {
        _rejections.WithLabels(reason).Inc();
        EventsIngested("rejected", events);
    }

    /// <summary>One request's events reached the store: <paramref name="events"/> of them, stored in <paramref name="elapsed"/>.</summary>
    public void Committed(int events, TimeSpan elapsed)
    {
        _batchSize.Observe(events);
        _commit.Observe(elapsed.TotalSeconds);
    }

    /// <summary>One database commit stored the events of <paramref name="requests"/> requests.</summary>
    public void CommitShared(int requests) => _shared.Observe(requests);
}

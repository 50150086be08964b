using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// Ingestion instruments on meter <c>Dashboard</c>: <c>dashboard_events_ingested_total{result}</c> (events;
/// <c>accepted</c>, <c>duplicate</c>, <c>rejected</c>), <c>dashboard_ingest_rejections_total{reason}</c> (refused
/// requests, one of <see cref="RejectReasons"/>: a bounded label set), <c>dashboard_ingest_batch_events</c> (histogram
/// of events per stored request), <c>dashboard_ingest_commit_duration_seconds</c> (histogram of a request's wait, insert
/// and commit) and <c>dashboard_ingest_commit_requests</c> (histogram of requests sharing one commit: group commit).
/// </summary>
public sealed class IngestionMetrics
{
    /// <summary>Bucket bounds of the batch size histogram, in events (the default <c>Ingestion:MaxBatchEvents</c> is 1000).</summary>
    public static readonly long[] BatchBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>Bucket bounds of the requests-per-commit histogram.</summary>
    public static readonly long[] SharedBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

    private readonly Counter<long> _events;
    private readonly Counter<long> _rejections;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _commit;
    private readonly Histogram<long> _shared;

    /// <summary>Creates the instruments on the host's <c>Dashboard</c> meter.</summary>
    public IngestionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DashboardMetrics.MeterName);
        _events = meter.CreateCounter<long>("dashboard_events_ingested", description: "Ingested CloudEvents, by result (accepted, duplicate, rejected).");
        _rejections = meter.CreateCounter<long>(
            "dashboard_ingest_rejections",
            description: "Ingestion requests refused, by reason (validation, too_large, unsupported_media_type, unauthorized, storage, unavailable).");
        _batchSize = meter.CreateHistogram(
            "dashboard_ingest_batch_events",
            unit: "{event}",
            description: "Events per ingestion request that reached the event store (before duplicates are removed).",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = BatchBuckets });
        _commit = meter.CreateHistogram<double>(
            "dashboard_ingest_commit_duration",
            unit: "s",
            description: "Time from one request's events reaching the store to their commit, including the wait to share a commit.");
        _shared = meter.CreateHistogram(
            "dashboard_ingest_commit_requests",
            unit: "{request}",
            description: "Ingestion requests whose events one database commit stored (group commit).",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SharedBuckets });
    }

    /// <summary>
    /// <paramref name="count"/> events ingested with <paramref name="result"/> (<c>accepted</c>, <c>duplicate</c>,
    /// <c>rejected</c>); nothing is recorded for 0.
    /// </summary>
    public void EventsIngested(string result, long count)
    {
        if (count > 0)
        {
            _events.Add(count, new KeyValuePair<string, object?>("result", result));
        }
    }

    /// <summary>
    /// One request refused for <paramref name="reason"/> (a <see cref="RejectReasons"/> constant), with
    /// <paramref name="events"/> events known to be in it (0 when the body was never parsed).
    /// </summary>
    public void Rejected(string reason, int events)
    {
        _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));
        EventsIngested("rejected", events);
    }

    /// <summary>One request's events reached the store: <paramref name="events"/> of them, stored in <paramref name="elapsed"/>.</summary>
    public void Committed(int events, TimeSpan elapsed)
    {
        _batchSize.Record(events);
        _commit.Record(elapsed.TotalSeconds);
    }

    /// <summary>One database commit stored the events of <paramref name="requests"/> requests.</summary>
    public void CommitShared(int requests) => _shared.Record(requests);
}

/// <summary>The fixed values of the <c>reason</c> label of <c>dashboard_ingest_rejections_total</c>.</summary>
public static class RejectReasons
{
    /// <summary>Invalid events or a malformed body (400).</summary>
    public const string Validation = "validation";

    /// <summary>Body larger than <c>Ingestion:MaxBodyBytes</c> or more than <c>Ingestion:MaxBatchEvents</c> events (413).</summary>
    public const string TooLarge = "too_large";

    /// <summary>Content type not a CloudEvents/JSON one (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>A token without a tenant reached the endpoint (401). Requests the authentication middleware refuses are in <c>http_requests_received_total{code="401"}</c>.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>PostgreSQL refused a value (400).</summary>
    public const string Storage = "storage";

    /// <summary>The database was unavailable (503).</summary>
    public const string Unavailable = "unavailable";
}

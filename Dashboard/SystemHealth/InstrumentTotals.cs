namespace Dashboard.SystemHealth;

/// <summary>
/// Cumulative totals of the families the System page shows, read from the same prometheus-net collectors <c>/metrics</c>
/// exports, so the page and a Prometheus scrape never disagree.
/// </summary>
/// <param name="Sent">Messages written to clients per transport (<c>dashboard_messages_sent_total</c>).</param>
/// <param name="Dropped">Messages not delivered per transport, every reason (<c>dashboard_messages_dropped_total</c>).</param>
/// <param name="SnapshotReads">Requests to <c>/api/v1/snapshots/{topic}</c> (<c>http_requests_received_total</c>): the polling fallback and Refresh.</param>
/// <param name="Jobs">Per job name.</param>
internal sealed record InstrumentTotals(
    IReadOnlyDictionary<string, double> Sent,
    IReadOnlyDictionary<string, double> Dropped,
    double SnapshotReads,
    IReadOnlyDictionary<string, JobTotals> Jobs)
{
}

/// <summary>One job's cumulative instrument values on this node.</summary>
/// <param name="LagSum">Sum of <c>dashboard_job_lag_seconds</c>.</param>
/// <param name="LagCount">Firings with a schedule (count of <c>dashboard_job_lag_seconds</c>).</param>
/// <param name="Successes">Runs with <c>result="success"</c>.</param>
/// <param name="Failures">Runs with <c>result="failure"</c>.</param>
/// <param name="DurationSum">Sum of <c>dashboard_job_duration_seconds</c>.</param>
/// <param name="DurationCount">Count of <c>dashboard_job_duration_seconds</c>.</param>
internal sealed record JobTotals(double LagSum, double LagCount, double Successes, double Failures, double DurationSum, double DurationCount);

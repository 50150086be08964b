using Dashboard.Observability;

namespace Dashboard.Metrics;

/// <summary>
/// Cumulative totals of the instruments the System page shows, read from the same collection <c>/metrics</c> exports
/// (<see cref="PrometheusPullExporter"/>), so the page and a Prometheus scrape never disagree.
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
    /// <summary>No collection (the exporter failed or is disposed).</summary>
    public static InstrumentTotals Empty { get; } = new(
        new Dictionary<string, double>(), new Dictionary<string, double>(), 0, new Dictionary<string, JobTotals>());
}

/// <summary>One job's cumulative instrument values on this node.</summary>
/// <param name="LagSum">Sum of <c>dashboard_job_lag_seconds</c>.</param>
/// <param name="LagCount">Firings with a schedule (count of <c>dashboard_job_lag_seconds</c>).</param>
/// <param name="Successes">Runs with <c>result="success"</c>.</param>
/// <param name="Failures">Runs with <c>result="failure"</c>.</param>
/// <param name="DurationSum">Sum of <c>dashboard_job_duration_seconds</c>.</param>
/// <param name="DurationCount">Count of <c>dashboard_job_duration_seconds</c>.</param>
internal sealed record JobTotals(double LagSum, double LagCount, double Successes, double Failures, double DurationSum, double DurationCount);

/// <summary>Reads <see cref="InstrumentTotals"/> from one collection of the pull exporter.</summary>
internal static class SystemInstruments
{
    /// <summary>The snapshot route's template, as the <c>endpoint</c> label of the HTTP metrics carries it.</summary>
    public const string SnapshotEndpoint = "/api/v1/snapshots/{topic}";

    /// <summary>Collects once (joining a scrape in flight) and sums the families the System page needs.</summary>
    public static async Task<InstrumentTotals> ReadAsync(PrometheusPullExporter exporter)
    {
        var families = await exporter.ScrapeAsync();
        return families is null ? InstrumentTotals.Empty : From(families);
    }

    /// <summary>Sums <paramref name="families"/> into totals (labels other than transport and job are summed over).</summary>
    public static InstrumentTotals From(IReadOnlyList<MetricFamily> families)
    {
        var sent = new Dictionary<string, double>(StringComparer.Ordinal);
        var dropped = new Dictionary<string, double>(StringComparer.Ordinal);
        var jobs = new Dictionary<string, double[]>(StringComparer.Ordinal);
        double snapshotReads = 0;
        double[] Job(string name) => jobs.TryGetValue(name, out var j) ? j : jobs[name] = new double[6];

        foreach (var family in families)
        {
            foreach (var sample in family.Samples)
            {
                switch (family.Name, sample.Suffix)
                {
                    case ("dashboard_messages_sent", "_total"):
                        Add(sent, Label(sample, "transport"), sample.Value);
                        break;
                    case ("dashboard_messages_dropped", "_total"):
                        Add(dropped, Label(sample, "transport"), sample.Value);
                        break;
                    case ("http_requests_received", "_total") when Label(sample, "endpoint") == SnapshotEndpoint:
                        snapshotReads += sample.Value;
                        break;
                    case ("dashboard_job_lag_seconds", "_sum"):
                        Job(Label(sample, "job"))[0] += sample.Value;
                        break;
                    case ("dashboard_job_lag_seconds", "_count"):
                        Job(Label(sample, "job"))[1] += sample.Value;
                        break;
                    case ("dashboard_job_runs", "_total"):
                        Job(Label(sample, "job"))[Label(sample, "result") == "failure" ? 3 : 2] += sample.Value;
                        break;
                    case ("dashboard_job_duration_seconds", "_sum"):
                        Job(Label(sample, "job"))[4] += sample.Value;
                        break;
                    case ("dashboard_job_duration_seconds", "_count"):
                        Job(Label(sample, "job"))[5] += sample.Value;
                        break;
                    default:
                        break;
                }
            }
        }

        return new InstrumentTotals(
            sent,
            dropped,
            snapshotReads,
            jobs.ToDictionary(kv => kv.Key, kv => new JobTotals(kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4], kv.Value[5]), StringComparer.Ordinal));
    }

    private static void Add(Dictionary<string, double> totals, string key, double value) =>
        totals[key] = totals.GetValueOrDefault(key) + value;

    private static string Label(MetricSample sample, string name)
    {
        foreach (var (key, value) in sample.Labels)
        {
            if (key == name)
            {
                return value;
            }
        }

        return "";
    }
}

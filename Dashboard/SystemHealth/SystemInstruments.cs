using Dashboard.Observability;

namespace Dashboard.SystemHealth;

/// <summary>Reads <see cref="InstrumentTotals"/> from the collectors <c>/metrics</c> exports.</summary>
internal static class SystemInstruments
{
    /// <summary>The snapshot route's template, as the <c>endpoint</c> label of the HTTP metrics carries it.</summary>
    public const string SnapshotEndpoint = "/api/v1/snapshots/{topic}";

    /// <summary>Sums the families the System page needs (labels other than transport and job are summed over).</summary>
    public static InstrumentTotals Read(DashboardMetrics metrics, HttpMetrics http)
    {
        var jobs = new Dictionary<string, double[]>(StringComparer.Ordinal);
        double[] Job(string name) => jobs.TryGetValue(name, out var j) ? j : jobs[name] = new double[6];

        var runs = metrics.JobRunsCounter;
        foreach (var labels in runs.GetAllLabelValues())
        {
            // Labels: job, result.
            Job(labels[0])[labels[1] == "failure" ? 3 : 2] += runs.WithLabels(labels).Value;
        }

        var lag = metrics.JobLagHistogram;
        foreach (var labels in lag.GetAllLabelValues())
        {
            var child = lag.WithLabels(labels);
            Job(labels[0])[0] += child.Sum;
            Job(labels[0])[1] += child.Count;
        }

        var duration = metrics.JobDurationHistogram;
        foreach (var labels in duration.GetAllLabelValues())
        {
            var child = duration.WithLabels(labels);
            Job(labels[0])[4] += child.Sum;
            Job(labels[0])[5] += child.Count;
        }

        return new InstrumentTotals(
            ByTransport(metrics.MessagesSentCounter),
            ByTransport(metrics.MessagesDroppedCounter),
            http.RequestsTo(SnapshotEndpoint),
            jobs.ToDictionary(kv => kv.Key, kv => new JobTotals(kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4], kv.Value[5]), StringComparer.Ordinal));
    }

    // The first label of both transport counters is transport.
    private static Dictionary<string, double> ByTransport(Prometheus.Counter counter)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var labels in counter.GetAllLabelValues())
        {
            totals[labels[0]] = totals.GetValueOrDefault(labels[0]) + counter.WithLabels(labels).Value;
        }

        return totals;
    }
}

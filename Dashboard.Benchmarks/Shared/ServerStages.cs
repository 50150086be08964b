namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// The server's <c>/metrics</c> totals (<see cref="PrometheusText.Totals"/>) at two instants, and the mean time per
/// stage between them (<see cref="StageMeans"/>).
/// </summary>
internal static class ServerStages
{
    public static async Task<Dictionary<string, double>> ScrapeAsync(BenchmarkServer server, CancellationToken ct) =>
        PrometheusText.Totals(await server.ScrapeAsync(ct));

    public static StageMeans Between(Dictionary<string, double> before, Dictionary<string, double> after)
    {
        double Delta(string name) => after.GetValueOrDefault(name) - before.GetValueOrDefault(name);
        double MeanMs(string histogram)
        {
            var count = Delta(histogram + "_seconds_count");
            return count > 0 ? Delta(histogram + "_seconds_sum") / count * 1000 : 0;
        }

        return new StageMeans(
            MeanMs("dashboard_ingest_commit_duration"),
            MeanMs("dashboard_backplane_commit_duration"),
            Delta("dashboard_backplane_commit_duration_seconds_count"),
            MeanMs("dashboard_broadcast_duration"));
    }
}

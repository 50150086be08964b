using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// Mean time per stage of the POST → client path over a window, from the server's own <c>/metrics</c> histograms
/// (sum / count of the samples recorded between two scrapes): the events' INSERT and commit, the backplane statement
/// (sequence, log, NOTIFY) per batch of messages, and handing one message to every subscriber.
/// </summary>
internal sealed record StageMeans(double EventCommitMs, double BackplaneCommitMs, double MessagesPerBackplaneBatch, double BroadcastMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"events INSERT+commit {EventCommitMs:F2} ms, backplane statement {BackplaneCommitMs:F2} ms per batch of {MessagesPerBackplaneBatch:F1} messages, hand-off to subscribers {BroadcastMs:F2} ms per message");
}

/// <summary>Scrapes <c>/metrics</c> (Prometheus text) into totals per sample name, labels summed away.</summary>
internal static class ServerStages
{
    public static async Task<Dictionary<string, double>> ScrapeAsync(Uri baseAddress, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var valueStart = line.LastIndexOf('}') is var brace and >= 0 ? brace + 2 : nameEnd + 1;
            var value = line[valueStart..].Split(' ')[0];
            if (nameEnd > 0 && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                // Both the family total and the labelled series (for a label that matters, e.g. direction="published").
                totals[line[..nameEnd]] = totals.GetValueOrDefault(line[..nameEnd]) + v;
                if (line[nameEnd] == '{')
                {
                    totals[line[..(valueStart - 1)]] = v;
                }
            }
        }

        return totals;
    }

    public static StageMeans Between(Dictionary<string, double> before, Dictionary<string, double> after)
    {
        double Delta(string name) => after.GetValueOrDefault(name) - before.GetValueOrDefault(name);
        double MeanMs(string histogram)
        {
            var count = Delta(histogram + "_seconds_count");
            return count > 0 ? Delta(histogram + "_seconds_sum") / count * 1000 : 0;
        }

        var batches = Delta("dashboard_backplane_commit_duration_seconds_count");
        double Published(Dictionary<string, double> totals) => totals
            .Where(kv => kv.Key.StartsWith("dashboard_backplane_messages", StringComparison.Ordinal) && kv.Key.Contains("direction=\"published\"", StringComparison.Ordinal))
            .Sum(kv => kv.Value);
        var published = Published(after) - Published(before);
        return new StageMeans(
            MeanMs("dashboard_ingest_commit_duration"),
            MeanMs("dashboard_backplane_commit_duration"),
            batches > 0 ? published / batches : 0,
            MeanMs("dashboard_broadcast_duration"));
    }
}

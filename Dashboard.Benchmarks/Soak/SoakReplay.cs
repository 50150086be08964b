using Dashboard.Benchmarks.Shared;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Benchmarks.Soak;

/// <summary>
/// Rebuilds a soak run's result from its console log (one <see cref="SoakBenchmark.Describe"/> line per sample and the
/// report's "Clients:" line), so the report can be written again with other verdict settings (e.g. a longer
/// <c>--warmup</c>) without another 30 min run. Figures come back at the log's precision (0.1 MiB, 0.1 ms); p99.9 is not
/// logged and reads 0.
/// </summary>
internal static partial class SoakReplay
{
    public static SoakResult Read(string path, SoakOptions options, IReadOnlyDictionary<string, string> simulation)
    {
        var samples = new List<SoakSample>();
        long reconnects = 0;
        var reasons = new Dictionary<string, int>();
        foreach (var line in File.ReadLines(path))
        {
            if (SampleLine().Match(line) is { Success: true } m)
            {
                double D(string name) => double.Parse(m.Groups[name].Value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                long Bytes(string name) => (long)(D(name) * 1048576);
                samples.Add(new SoakSample(
                    TimeSpan.ParseExact(m.Groups["elapsed"].Value, @"hh\:mm\:ss", CultureInfo.InvariantCulture),
                    Bytes("rss"), Bytes("heap"), Bytes("inuse"), (int)D("handles"), (int)D("threads"), (int)D("clients"),
                    D("msgs"), D("mibs"), new LatencyFigures((long)D("n"), D("p50"), D("p99"), 0, D("max")),
                    D("cores"), (long)D("gen2"), Bytes("db"), D("load")));
            }
            else if (ClientsLine().Match(line) is { Success: true } c)
            {
                reconnects = long.Parse(c.Groups["reconnects"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                var text = c.Groups["reasons"].Value;
                foreach (var part in text == "none" ? [] : text.Split("; "))
                {
                    var x = part.IndexOf(" × ", StringComparison.Ordinal);
                    reasons[part[(x + 3)..]] = int.Parse(part[..x], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                }
            }
        }

        return samples.Count > 0
            ? new SoakResult(options, samples, reconnects, reasons, simulation)
            : throw new InvalidDataException($"{path} holds no soak sample lines");
    }

    [GeneratedRegex(@"^soak: (?<elapsed>\d\d:\d\d:\d\d) RSS (?<rss>[\d.]+) MiB, heap after GC (?<heap>-?[\d.]+) MiB \(in use (?<inuse>-?[\d.]+)\), (?<handles>\d+) handles, (?<threads>\d+) threads, (?<clients>\d+) clients, (?<msgs>[\d,.]+) msg/s \((?<mibs>[\d.]+) MiB/s\), latency p50 (?<p50>[\d.]+) p99 (?<p99>[\d.]+) max (?<max>[\d.]+) ms \(n (?<n>[\d,]+)\), server (?<cores>[\d.]+) cores, gen2 (?<gen2>-?\d+), db (?<db>[\d.]+) MiB, load (?<load>[\d.]+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"^- Clients: .* connected at the end; (?<reconnects>[\d,]+) reconnects .*; connections ended early: (?<reasons>.*)\.$")]
    private static partial Regex ClientsLine();
}

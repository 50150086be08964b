using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Soak;

/// <summary>The <c>soak</c> section of BENCHMARKS.md: the figures at start, warm-up end, 25 %, 50 %, 75 % and end, and the flatness verdict.</summary>
internal static class SoakReport
{
    private const double Mebi = 1048576.0;

    public static string Section(SoakResult r, DateTime started, string arguments, string? machineNote = null)
    {
        var o = r.Options;
        var s = BenchmarkReport.Begin("## Soak: simulator traffic with dashboard clients connected (issue 13)", started, arguments, machineNote);
        s.AppendLine(CultureInfo.InvariantCulture,
            $"The real server (`Dashboard.dll`, Production, a child process on its own database in a throwaway PostgreSQL cluster) with the traffic simulator at {o.RateFactor:0.##}× its default rate ({string.Join(", ", r.Simulation.Where(kv => kv.Key != "Simulation:Enabled").Select(kv => $"`{kv.Key}={kv.Value}`"))}; default tenants, campaigns and queues) and, in the benchmark's process, {o.Clients:N0} WebSocket clients from loopback, each one dashboard page of one of the simulator's tenants, subscribed to that page's topics ({string.Join(" / ", o.Pages.Select(p => string.Join(", ", p.Select(t => $"`{t}`"))))}, cycled) and kept connected for {o.Duration.TotalMinutes:0.#} min. Every {o.Interval.TotalSeconds:0} s: the server's RSS, open handles (`/proc/<pid>/fd`) and threads from `/proc`, its managed heap from its own `/metrics` (`system_runtime_dotnet_gc_last_collection_heap_size` summed over generations: what the last GC left; `dotnet_total_memory_bytes` in brackets), and the delivery latency of every data message the clients received in the interval (receipt − the message's `ts`, its publication time, on the machine's one clock; ms resolution; the snapshots sent on subscribe are not timed).");
        s.AppendLine();
        s.AppendLine("| point | elapsed | RSS | managed heap after GC (in use) | handles | threads | clients | messages/s (MiB/s) | delivery p50 / p99 / max | server CPU | gen2 GCs | database | load avg |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (label, sample) in Points(r))
        {
            s.AppendLine(Row(label, sample));
        }

        s.AppendLine();
        var trends = Trends(r);
        var warm = PostWarmUp(r);
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Verdict over the {warm.Count} samples after the {o.WarmUp.TotalMinutes:0.#} min warm-up: the mean of the first {Edge(warm.Count)} against the mean of the last {Edge(warm.Count)}, and the least-squares slope over all of them; a figure is flat when its fitted growth over those {Span(warm):0.#} min (slope × span) is no more than the tolerance (the larger of a share of its level and a floor: RSS 10 % or 32 MiB, heap 10 % or 16 MiB, handles 5 % or 10, threads 10 % or 5, p99 50 % or 25 ms).");
        s.AppendLine();
        s.AppendLine("| figure | after warm-up | end | change | slope per 10 min | fitted growth | tolerance | flat |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var t in trends)
        {
            var u = t.Unit.Length > 0 ? " " + t.Unit : "";
            var change = t.Start != 0 ? $"{t.End - t.Start:+0.0;-0.0;0}{u} ({(t.End - t.Start) / t.Start:+0.0%;-0.0%;0%})" : $"{t.End - t.Start:+0.0;-0.0;0}{u}";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Figure} | {t.Start:N1}{u} | {t.End:N1}{u} | {change} | {t.SlopePerTenMinutes:+0.00;-0.00;0}{u} | {t.FittedGrowth:+0.0;-0.0;0}{u} | {t.Tolerance:N1}{u} | {(t.Flat ? "yes" : "**no**")} |");
        }

        s.AppendLine();
        var grown = trends.Where(t => !t.Flat).Select(t => t.Figure).ToList();
        s.AppendLine(grown.Count == 0 ? "**Flat**: nothing grows beyond its tolerance." : $"**Not flat**: {string.Join(", ", grown)} grew beyond the tolerance.");
        var reasons = r.CloseReasons.Count == 0 ? "none" : string.Join("; ", r.CloseReasons.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Value} × {kv.Key}"));
        s.AppendLine(CultureInfo.InvariantCulture, $"- Clients: {r.Samples.LastOrDefault()?.Connected ?? 0:N0} of {o.Clients:N0} connected at the end; {r.Reconnects:N0} reconnects (a client the server closed connects again after 1 s); connections ended early: {reasons}.");
        s.AppendLine();
        s.AppendLine("<details><summary>Every sample</summary>");
        s.AppendLine();
        s.AppendLine("| elapsed | RSS | heap after GC (in use) | handles | threads | clients | messages/s (MiB/s) | p50 / p99 / max | server CPU | gen2 | database | load |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var sample in r.Samples)
        {
            s.AppendLine(Row(null, sample));
        }

        s.AppendLine();
        s.AppendLine("</details>");
        return s.ToString();
    }

    /// <summary>The samples after warm-up (all of them when fewer than two are).</summary>
    public static IReadOnlyList<SoakSample> PostWarmUp(SoakResult r)
    {
        var warm = r.Samples.Where(x => x.Elapsed >= r.Options.WarmUp).ToList();
        return warm.Count >= 2 ? warm : r.Samples;
    }

    /// <summary>Start (first sample), warm-up end, 25 %, 50 %, 75 % and end: the sample nearest each point, each once.</summary>
    public static IReadOnlyList<(string Label, SoakSample Sample)> Points(SoakResult r)
    {
        var points = new List<(string, SoakSample)>();
        if (r.Samples.Count == 0)
        {
            return points;
        }

        var d = r.Options.Duration;
        var wanted = new (string, TimeSpan)[] { ("start", TimeSpan.Zero), ("warm-up end", r.Options.WarmUp), ("25 %", d / 4), ("50 %", d / 2), ("75 %", d * 3 / 4), ("end", d) };
        foreach (var (label, at) in wanted)
        {
            var nearest = r.Samples.MinBy(x => (x.Elapsed - at).Duration())!;
            if (points.All(p => p.Item2 != nearest))
            {
                points.Add((label, nearest));
            }
        }

        return points;
    }

    /// <summary>RSS, managed heap, handles, threads and p99 latency after warm-up, with their tolerances.</summary>
    public static IReadOnlyList<SoakTrend> Trends(SoakResult r)
    {
        var warm = PostWarmUp(r);
        SoakTrend Trend(string figure, Func<SoakSample, double> value, string unit, Func<double, double> tolerance)
        {
            var edge = Edge(warm.Count);
            var start = warm.Take(edge).Average(value);
            var end = warm.TakeLast(edge).Average(value);
            return new SoakTrend(figure, start, end, Slope(warm, value) * 600, Span(warm), tolerance(start), unit);
        }

        return
        [
            Trend("RSS", x => x.RssBytes / Mebi, "MiB", start => Math.Max(0.10 * start, 32)),
            Trend("managed heap after GC", x => x.HeapAfterGc / Mebi, "MiB", start => Math.Max(0.10 * start, 16)),
            Trend("handles", x => x.Handles, "", start => Math.Max(0.05 * start, 10)),
            Trend("threads", x => x.Threads, "", start => Math.Max(0.10 * start, 5)),
            Trend("delivery p99", x => x.Latency.P99, "ms", start => Math.Max(0.5 * start, 25)),
        ];
    }

    // Minutes from the first sample after warm-up to the last.
    private static double Span(IReadOnlyList<SoakSample> warm) => warm.Count > 0 ? (warm[^1].Elapsed - warm[0].Elapsed).TotalMinutes : 0;

    // How many samples at each end are averaged: a tenth of them, 1 to 3.
    private static int Edge(int count) => Math.Clamp(count / 10, 1, 3);

    // Least-squares slope of value over elapsed seconds.
    private static double Slope(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> value)
    {
        if (samples.Count < 2)
        {
            return 0;
        }

        var mx = samples.Average(x => x.Elapsed.TotalSeconds);
        var my = samples.Average(value);
        var sxx = samples.Sum(x => Math.Pow(x.Elapsed.TotalSeconds - mx, 2));
        var sxy = samples.Sum(x => (x.Elapsed.TotalSeconds - mx) * (value(x) - my));
        return sxx > 0 ? sxy / sxx : 0;
    }

    private static string Row(string? label, SoakSample x) => string.Create(CultureInfo.InvariantCulture,
        $"{(label is null ? "" : $"| {label} ")}| {x.Elapsed:hh\\:mm\\:ss} | {x.RssBytes / Mebi:N1} MiB | {x.HeapAfterGc / Mebi:N1} ({x.HeapInUse / Mebi:N1}) MiB | {x.Handles:N0} | {x.Threads:N0} | {x.Connected:N0} | " +
        $"{x.MessagesPerSecond:N0} ({x.MebibytesPerSecond:N1}) | {x.Latency.P50:F0} / {x.Latency.P99:F0} / {x.Latency.Max:F0} ms | {x.ServerCores:F2} cores | {x.Gen2Collections:N0} | {x.DatabaseBytes / Mebi:N0} MiB | {x.LoadAverage:F2} |");
}

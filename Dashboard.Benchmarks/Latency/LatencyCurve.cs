using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Latency;

/// <summary>
/// The latency curve (issue 20): one or more builds of the app (<c>--server before=…/Dashboard.dll,after=…</c>), each
/// point a rate (<c>--rates 100,300,1000</c>) measured as the single-point scenario does (<see cref="LatencyBenchmark"/>),
/// and optionally each build's knee (<see cref="KneeSearch"/>). Builds alternate per point (A B at one rate, B A at the
/// next), so a drift of the machine falls on both; every point gets a fresh server process on a fresh database, so no
/// build runs beside another and none inherits the previous point's state.
/// </summary>
internal static class LatencyCurve
{
    /// <summary>True when the command line asks for the curve rather than the single-point table.</summary>
    public static bool Requested(CommandLine args) => args.Has("--server") || args.Has("--rates") || args.Has("--knee");

    /// <summary>The curve's entry point (from <see cref="LatencyBenchmark.MainAsync"/>).</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var servers = args.Text("--server", "") is { Length: > 0 } list
            ? list.Split(',').Select(s => s.Split('=', 2)).Select(p => p.Length == 2
                ? (p[0], Path.GetFullPath(p[1]))
                : throw new UsageException($"--server: '{string.Join('=', p)}' is not name=path/Dashboard.dll")).ToList()
            : [("current", BenchmarkServer.LocateDll())];
        if (servers.FirstOrDefault(s => !File.Exists(s.Item2)) is { Item2: { } missing })
        {
            throw new UsageException($"not found: {missing}");
        }

        var options = new LatencyCurveOptions(
            servers,
            args.Ints<int>("--rates", "100,300,1000"),
            new LatencyOptions(
                Clients: args.Ints<int>("--clients", "100")[0], Seconds: args.Int("--seconds", 20), WarmUpSeconds: args.Int("--warmup", 30), Batch: args.Int("--batch", 1)),
            Knee: args.Has("--knee"),
            KneeStart: args.Int("--knee-start", 100),
            KneeMax: args.Int("--knee-max", 16000),
            KneeSteps: args.Int("--knee-steps", 8),
            ServerSettings: args.ServerSettings());
        var started = DateTime.UtcNow;
        var result = await RunAsync(options, Console.Out, CancellationToken.None);
        // Its own section name, so a curve never replaces the single-point table.
        BenchmarkReport.Publish(args.WithCommand(LatencyCurveReport.Section), LatencyCurveReport.Write(result, options, started, args.ToString()));
        return 0;
    }

    public static async Task<LatencyCurveResult> RunAsync(LatencyCurveOptions options, TextWriter log, CancellationToken ct)
    {
        using var postgres = new BenchmarkPostgres();
        var points = new List<CurvePoint>();
        var measured = 0;

        async Task<CurvePoint> MeasureAsync(string build, string dll, int rate)
        {
            // A point already on the curve is reused by the knee search: same build, same rate, same run.
            if (points.FirstOrDefault(p => p.Build == build && p.Rate == rate) is { } known)
            {
                return known;
            }

            var database = await postgres.CreateDatabaseAsync($"latency_{measured++}_{Guid.NewGuid():N}"[..30]);
            await using var server = await BenchmarkServer.StartAsync(new() { ConnectionString = database, Dll = dll, Settings = options.ServerSettings }, log, ct);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency curve: {build} at {rate:N0} events/s"));
            var result = await LatencyBenchmark.RunAsync(server, postgres.PostmasterProcessId, options.Point with { Rate = rate }, log, ct);
            var point = new CurvePoint(build, rate, result);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"latency curve: {build} at {rate:N0}/s: p50 {result.All.P50:F2} ms, p99 {result.All.P99:F2} ms, p99.9 {result.All.P999:F2} ms, sent {result.ProducerRate:N0}/s; {result.Cpu}"));
            points.Add(point);
            return point;
        }

        for (var i = 0; i < options.Rates.Count; i++)
        {
            foreach (var (build, dll) in Alternate(options.Servers, i))
            {
                await MeasureAsync(build, dll, options.Rates[i]);
            }
        }

        var knees = new List<KneeSearch>();
        if (options.Knee)
        {
            var searches = options.Servers.Select(s => (Server: s, Search: new KneeSearch(s.Name, LatencyReport.LatencyTargetMs, options.KneeStart, options.KneeMax, options.KneeSteps))).ToList();
            for (var step = 0; searches.Any(s => !s.Search.Done); step++)
            {
                foreach (var ((build, dll), search) in Alternate(searches, step).Where(s => !s.Search.Done))
                {
                    var point = await MeasureAsync(build, dll, search.Next);
                    search.Record(point.Rate, point.Result.All.P99, Offered(point));
                }
            }

            knees.AddRange(searches.Select(s => s.Search));
        }

        return new LatencyCurveResult(points, knees);
    }

    /// <summary>
    /// The producer kept up: it sent at least 95 % of the asked rate and every POST was accepted. A point it did not
    /// is not a rate this build carries, whatever its p99.
    /// </summary>
    public static bool Offered(CurvePoint point) =>
        point.Result.ProducerRate >= 0.95 * point.Rate && point.Result.PostsFailed == 0 && point.Result.MissingDeliveries == 0;

    // Even steps in the given order, odd ones reversed: A B, B A, A B, …
    private static IEnumerable<T> Alternate<T>(IReadOnlyList<T> items, int step) => step % 2 == 0 ? items : items.Reverse();
}

/// <summary>The curve's settings.</summary>
/// <param name="Servers">Builds by name, each a <c>Dashboard.dll</c>.</param>
/// <param name="Rates">Events per second of the curve's points, in order.</param>
/// <param name="Point">Every point's load (clients, seconds, warm-up, batch); its rate is the point's.</param>
/// <param name="Knee">Also search each build's knee.</param>
/// <param name="KneeStart">The knee search's first rate.</param>
/// <param name="KneeMax">The highest rate the knee search tries.</param>
/// <param name="KneeSteps">Most points the knee search measures per build (points of the curve it reuses included).</param>
/// <param name="ServerSettings">Extra configuration or environment for every server (<c>--server-env</c>).</param>
internal sealed record LatencyCurveOptions(
    IReadOnlyList<(string Name, string Dll)> Servers,
    IReadOnlyList<int> Rates,
    LatencyOptions Point,
    bool Knee = false,
    int KneeStart = 100,
    int KneeMax = 16000,
    int KneeSteps = 8,
    IReadOnlyDictionary<string, string>? ServerSettings = null);

/// <summary>One build at one rate.</summary>
internal sealed record CurvePoint(string Build, int Rate, LatencyResult Result);

/// <summary>Every point measured (curve and knee search, in the order run) and each build's knee search.</summary>
internal sealed record LatencyCurveResult(IReadOnlyList<CurvePoint> Points, IReadOnlyList<KneeSearch> Knees);

using System.Globalization;
using System.Runtime.InteropServices;

namespace Dashboard.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Dashboard.Benchmarks -- soak [--clients 2000] [--minutes 30] [--interval 30]
/// [--warmup 5] [--rate-factor 10] [--machine "note"] [--server-env K=V,…] [--output BENCHMARKS.md|-]</c>: see
/// <see cref="SoakBenchmark"/>. With <c>--replay run.log [--started 2026-12-05T10:45]</c> (and the run's own options) it
/// writes the report of an earlier run from its console log instead of running (<see cref="SoakReplay"/>). <c>--interval</c> is in seconds, <c>--minutes</c> and <c>--warmup</c> in minutes
/// (fractions allowed). Ctrl+C stops the run early; the server and the cluster are removed either way.
/// </summary>
internal static class SoakCommand
{
    public const string Name = "soak";

    private const string Usage = "usage: soak [--clients 2000] [--minutes 30] [--interval 30] [--warmup 5] [--rate-factor 10] [--machine \"note\"] [--server-env K=V,…] [--output BENCHMARKS.md|-] [--replay run.log --started yyyy-MM-ddTHH:mm]";

    public static async Task<int> RunAsync(string[] args)
    {
        var full = SoakOptions.Full();
        SoakOptions options;
        try
        {
            options = full with
            {
                Clients = int.Parse(BenchmarkProgram.Option(args, "--clients", full.Clients.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
                Duration = TimeSpan.FromMinutes(Number(args, "--minutes", full.Duration.TotalMinutes)),
                Interval = TimeSpan.FromSeconds(Number(args, "--interval", full.Interval.TotalSeconds)),
                WarmUp = TimeSpan.FromMinutes(Number(args, "--warmup", full.WarmUp.TotalMinutes)),
                RateFactor = Number(args, "--rate-factor", full.RateFactor),
                ServerSettings = BenchmarkProgram.ServerEnvironment(args),
            };
        }
        catch (FormatException)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        if (options.Clients < 1 || options.Duration <= TimeSpan.Zero || options.Interval <= TimeSpan.Zero || options.RateFactor <= 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var output = BenchmarkProgram.Option(args, "--output", "BENCHMARKS.md");
        var machine = BenchmarkProgram.Option(args, "--machine", "");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // SIGTERM (timeout, kill) also ends the run through its cleanup, so the server child is not orphaned.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });

        var started = DateTime.UtcNow;
        var replay = BenchmarkProgram.Option(args, "--replay", "");
        SoakResult result;
        if (replay.Length > 0)
        {
            // The report of an earlier run, from its log: the run's own start time and command line are given again.
            started = DateTime.Parse(BenchmarkProgram.Option(args, "--started", started.ToString("O")), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            result = SoakReplay.Read(replay, options, SoakBenchmark.SimulationSettings(options.RateFactor));
        }
        else
        {
            result = await SoakBenchmark.RunAsync(options, Console.Out, cancel.Token);
        }

        string[] notInCommand = ["--machine", "--replay", "--started"];
        var arguments = string.Join(' ', args.Where((_, i) => i == 0 || (!notInCommand.Contains(args[i]) && !notInCommand.Contains(args[i - 1]))));
        var section = SoakReport.Section(result, started, arguments, machine.Length > 0 ? machine : null);
        Console.WriteLine(section);
        if (output != "-")
        {
            BenchmarkReport.WriteSection(output, Name, section);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }

    private static double Number(string[] args, string name, double fallback) =>
        double.Parse(BenchmarkProgram.Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), NumberStyles.Float, CultureInfo.InvariantCulture);
}

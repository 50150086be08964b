using System.Globalization;
using System.Runtime.InteropServices;
using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Soak;

/// <summary>
/// The <c>soak</c> command (<see cref="SoakBenchmark"/>). With <c>--replay run.log [--started 2026-12-05T10:45]</c> (and
/// the run's own options) it writes the report of an earlier run from its console log instead of running
/// (<see cref="SoakReplay"/>). <c>--interval</c> is in seconds, <c>--minutes</c> and <c>--warmup</c> in minutes (fractions
/// allowed). Ctrl+C stops the run early; the server and the cluster are removed either way.
/// </summary>
internal static class SoakCommand
{
    public const string Usage = "soak [--clients 2000] [--minutes 30] [--interval 30] [--warmup 5] [--rate-factor 10] [--machine \"note\"] [--server-env K=V,…] [--output BENCHMARKS.md|-] [--replay run.log --started yyyy-MM-ddTHH:mm]";

    // Options that describe this run, not how to reproduce it: left out of the report's command line.
    private static readonly string[] NotInCommand = ["--machine", "--replay", "--started"];

    public static async Task<int> RunAsync(CommandLine args)
    {
        var full = SoakOptions.Full();
        var options = full with
        {
            Clients = args.Int("--clients", full.Clients),
            Duration = TimeSpan.FromMinutes(args.Double("--minutes", full.Duration.TotalMinutes)),
            Interval = TimeSpan.FromSeconds(args.Double("--interval", full.Interval.TotalSeconds)),
            WarmUp = TimeSpan.FromMinutes(args.Double("--warmup", full.WarmUp.TotalMinutes)),
            RateFactor = args.Double("--rate-factor", full.RateFactor),
            ServerSettings = args.ServerSettings(),
        };
        if (options.Clients < 1 || options.Duration <= TimeSpan.Zero || options.Interval <= TimeSpan.Zero || options.RateFactor <= 0)
        {
            throw new UsageException("--clients, --minutes, --interval and --rate-factor must be positive");
        }

        var machine = args.Text("--machine", "");
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
        var replay = args.Text("--replay", "");
        SoakResult result;
        if (replay.Length > 0)
        {
            // The report of an earlier run, from its log: the run's own start time and command line are given again.
            started = DateTime.Parse(args.Text("--started", started.ToString("O")), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            result = SoakReplay.Read(replay, options, SoakBenchmark.SimulationSettings(options.RateFactor));
        }
        else
        {
            result = await SoakBenchmark.RunAsync(options, Console.Out, cancel.Token);
        }

        var command = args.Where((arg, i) => i == 0 || (!NotInCommand.Contains(arg) && !NotInCommand.Contains(args[i - 1])));
        BenchmarkReport.Publish(args, SoakReport.Section(result, started, command.ToString(), machine.Length > 0 ? machine : null));
        return 0;
    }
}

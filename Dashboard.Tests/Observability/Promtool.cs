using System.Diagnostics;

namespace Dashboard.Tests.Observability;

/// <summary>
/// Debian's <c>prometheus</c> package binaries (<c>/usr/bin/promtool</c>, <c>/usr/bin/prometheus</c>, 2.42), which
/// <c>.ci/run</c> installs. A missing binary fails the test with that instruction: these tests never skip.
/// </summary>
internal static class Promtool
{
    /// <summary>Path of <c>promtool</c>.</summary>
    public const string PromtoolPath = "/usr/bin/promtool";

    /// <summary>Path of the Prometheus server.</summary>
    public const string PrometheusPath = "/usr/bin/prometheus";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns <paramref name="path"/>, or fails the test saying how to install it.</summary>
    public static string Require(string path)
    {
        if (!File.Exists(path))
        {
            throw new Xunit.Sdk.XunitException(
                $"{path} is missing: install Debian's prometheus package (apt-get install prometheus), as .ci/run does. This test does not skip.");
        }

        return path;
    }

    /// <summary>
    /// <c>promtool check metrics</c> with <paramref name="exposition"/> on stdin. Returns the exit code and every
    /// non-empty output line (stdout and stderr): promtool prints one line per lint problem.
    /// </summary>
    public static Task<(int ExitCode, IReadOnlyList<string> Lines)> CheckMetricsAsync(string exposition) =>
        RunAsync(["check", "metrics"], exposition);

    /// <summary><c>promtool check rules FILE</c>: syntax and PromQL checks of a rules file.</summary>
    public static Task<(int ExitCode, IReadOnlyList<string> Lines)> CheckRulesAsync(string file) =>
        RunAsync(["check", "rules", file], stdin: null);

    /// <summary><c>promtool check config FILE</c>: a Prometheus configuration file.</summary>
    public static Task<(int ExitCode, IReadOnlyList<string> Lines)> CheckConfigAsync(string file) =>
        RunAsync(["check", "config", "--syntax-only", file], stdin: null);

    private static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(IEnumerable<string> args, string? stdin)
    {
        var psi = new ProcessStartInfo(Require(PromtoolPath))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(RunTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cts.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"promtool {string.Join(' ', args)} did not finish within {RunTimeout}");
        }

        var lines = ((await stdout) + "\n" + (await stderr))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, lines);
    }
}

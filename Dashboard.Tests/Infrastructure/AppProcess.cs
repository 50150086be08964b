using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>Runs the built app (<c>dotnet Dashboard.dll …</c>) as a separate process, as a user would from the shell.</summary>
public static class AppProcess
{
    /// <summary>
    /// <c>dotnet Dashboard.dll <paramref name="args"/></c> with redirected output and a clean environment for what the app
    /// reads (no inherited connection string or environment name), then <paramref name="environment"/> on top.
    /// </summary>
    internal static ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
        };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("ConnectionStrings__Dashboard");
        psi.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        psi.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        return psi;
    }

    /// <summary>Runs to completion (bounded by <paramref name="timeout"/>) and returns exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var psi = StartInfo(args, environment);
        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"the app did not exit within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

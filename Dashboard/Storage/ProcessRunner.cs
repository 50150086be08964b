using System.Diagnostics;

namespace Dashboard.Storage;

/// <summary>Runs a PostgreSQL utility to completion, as the <c>postgres</c> user when this process is root.</summary>
internal static class ProcessRunner
{
    /// <summary>True when the current process runs as root (initdb and postgres refuse to run as root).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> and returns its combined output.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program exited non-zero or did not finish within <paramref name="timeout"/>.</exception>
    public static string Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout, bool asPostgresUser)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser && IsRoot)
        {
            psi.FileName = "runuser";
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add("postgres");
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(program);
        }
        else
        {
            psi.FileName = program;
        }

        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        // A non-English locale would make initdb's messages (and our error reports) harder to read in CI logs.
        psi.Environment["LC_ALL"] = "C.UTF-8";
        psi.Environment["LANG"] = "C.UTF-8";

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} s.");
        }

        var output = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{Path.GetFileName(program)} exited with code {process.ExitCode}: {output.Trim()}");
    }
}

using System.Diagnostics;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// Start information for a <c>dotnet &lt;dll&gt; args…</c> child process: the <c>dotnet</c> executable that runs this
/// process (the SDK exports it to the programs it starts), every standard stream redirected.
/// </summary>
internal static class DotnetCommand
{
    /// <summary>This benchmark program's own assembly, with its runtimeconfig beside it (here or in a test's output folder).</summary>
    public static string ThisProgram => typeof(DotnetCommand).Assembly.Location;

    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";
}

using System.Diagnostics;

namespace Dashboard.Benchmarks;

/// <summary>
/// One fan-out server in a child process (<c>dotnet Dashboard.Benchmarks.dll serve …</c>): started, read until its
/// ready line, sampled for CPU and memory from <c>/proc/&lt;pid&gt;</c>, killed and awaited on dispose.
/// </summary>
internal sealed class FanOutServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly TextWriter _log;

    private FanOutServerProcess(Process process, TextWriter log)
    {
        _process = process;
        _log = log;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Id => _process.Id;

    /// <summary>A read token for the Dashboard's benchmark tenant; null for the other servers.</summary>
    public string? Token { get; private set; }

    public static async Task<FanOutServerProcess> StartAsync(string kind, string? connectionString, TextWriter log, CancellationToken ct)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(FanOutServerProcess).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(kind);
        if (connectionString is not null)
        {
            start.ArgumentList.Add("--connection-string");
            start.ArgumentList.Add(connectionString);
        }

        // Every server runs with the GC the product ships with (Microsoft.NET.Sdk.Web: server GC).
        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
        var server = new FanOutServerProcess(process, log);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.WriteLine($"fanout: [{kind} stderr] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"the {kind} server exited before it was ready (exit code {(process.WaitForExit(5000) ? process.ExitCode : -1)})");
                if (line.StartsWith(FanOutServe.ReadyPrefix, StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    server.BaseAddress = new Uri(parts[1]);
                    server.Token = parts[2] == "-" ? null : parts[2];
                    break;
                }

                log.WriteLine($"fanout: [{kind}] {line}");
            }

            // Keep draining its output so it never blocks on a full pipe.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>User + system CPU the server process has used (<c>/proc/&lt;pid&gt;/stat</c> utime + stime).</summary>
    public TimeSpan Cpu() => ProcessSample.Read(_process.Id).Cpu;

    /// <summary>The server's resident set (<c>VmRSS</c>) in bytes.</summary>
    public long ResidentBytes() => ProcessSample.Read(_process.Id).RssBytes;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            _log.WriteLine($"fanout: server process {_process.Id} did not exit cleanly: {ex.Message}");
        }
        finally
        {
            _process.Dispose();
        }
    }
}

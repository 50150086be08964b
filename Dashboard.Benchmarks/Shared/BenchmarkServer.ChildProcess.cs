using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Dashboard.Benchmarks.Shared;

/// <summary>The child-process half of <see cref="BenchmarkServer"/>: start, readiness, output tail, stop.</summary>
internal sealed partial class BenchmarkServer
{
    // Migrations and JIT on a busy shared machine: generous, as a failure to start is reported with the server's output.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The app's build output for this benchmark's own configuration (the project reference builds it alongside), or
    /// the copy the reference puts beside this assembly when the repository layout is not there.
    /// </summary>
    public static string LocateDll()
    {
        var configuration = typeof(BenchmarkServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                var built = Path.Combine(dir.FullName, "Dashboard", "bin", configuration, "net10.0", "Dashboard.dll");
                if (File.Exists(built))
                {
                    return built;
                }

                break;
            }
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "Dashboard.dll");
        return File.Exists(beside)
            ? beside
            : throw new FileNotFoundException($"Dashboard.dll not found: run `dotnet build Dashboard -c {configuration}` first.");
    }

    private static async Task<BenchmarkServer> StartChildAsync(BenchmarkServerOptions options, string signingKey, TextWriter log, CancellationToken ct)
    {
        var port = FreePort();
        var urls = new[] { "--urls", $"http://127.0.0.1:{port}" };
        var (dll, args) = options.Serve is { } kind
            ? (DotnetCommand.ThisProgram, (string[])["serve", kind, .. urls])
            : (options.Dll ?? LocateDll(), urls);
        var start = DotnetCommand.StartInfo(dll, args);
        // The build output holds appsettings.json; the content root is the working directory.
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (options.Serve is not null)
        {
            // This program is not a web project: its servers get the GC mode the product ships with (System.GC.Server in
            // Dashboard.runtimeconfig.json), so a comparison compares servers, not GC modes.
            start.Environment["DOTNET_gcServer"] = ProductUsesServerGc() ? "1" : "0";
        }

        foreach (var (key, value) in Settings(options, signingKey))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var output = new OutputTail();
        process.OutputDataReceived += (_, e) => output.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => output.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchmarkServer(new Uri($"http://127.0.0.1:{port}/"), signingKey, process, app: null);
        try
        {
            await WaitReadyAsync(process, server.BaseAddress, output, ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        var program = options.Serve is { } served ? $"{dll} serve {served}" : dll;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server: {program} pid {process.Id} ready on {server.BaseAddress}"));
        return server;
    }

    /// <summary>System.GC.Server of the app's runtimeconfig (beside <see cref="LocateDll"/>); false when it does not say.</summary>
    internal static bool ProductUsesServerGc()
    {
        var config = Path.ChangeExtension(LocateDll(), ".runtimeconfig.json");
        if (!File.Exists(config))
        {
            return false;
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        return json.RootElement.TryGetProperty("runtimeOptions", out var runtime)
            && runtime.TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.GC.Server", out var server)
            && server.ValueKind == System.Text.Json.JsonValueKind.True;
    }

    private static async Task WaitReadyAsync(Process process, Uri baseAddress, OutputTail output, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {process.ExitCode}:\n{output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A request timed out while the server starts; try again.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"the server was not ready within {StartTimeout.TotalSeconds} s:\n{output}");
    }

    private static async Task StopChildAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in 30 s: nothing more to do from here.
        }

        process.Dispose();
    }

    // Asks the kernel for a free port; the tiny window before the child binds it is acceptable on a benchmark machine.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The last lines of the server's output, for the error when it fails to start (logging is at Warning, so few).</summary>
    private sealed class OutputTail
    {
        private readonly Queue<string> _lines = new();

        public void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 40)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using Dashboard.Auth;
using Microsoft.Extensions.Options;

namespace Dashboard.Benchmarks;

/// <summary>
/// The real app binary (<c>Dashboard/bin/&lt;configuration&gt;/net10.0/Dashboard.dll</c>) in a child process on a loopback
/// port: its own CPU, memory and GC, as in production, so the load clients in this process do not share its thread pool.
/// Started with its own database, the simulator off, a fresh signing key (tokens are minted here with the same key) and
/// logging at Warning; ready once <c>/readyz</c> answers 200. Disposing kills the process tree and waits for it.
/// </summary>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly TokenService _tokens;
    private readonly Queue<string> _lastLines = new();

    private DashboardProcess(Process process, Uri baseAddress, string signingKey)
    {
        _process = process;
        BaseAddress = baseAddress;
        SigningKey = signingKey;
        _tokens = new TokenService(Options.Create(new AuthOptions { SigningKey = signingKey }), TimeProvider.System);
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The HS256 key the server validates tokens with.</summary>
    public string SigningKey { get; }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>CPU time the server has used so far (all threads).</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The server's working set now, in bytes.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>
    /// Starts the server on <paramref name="connectionString"/> and waits until it is ready.
    /// <paramref name="settings"/> adds or overrides configuration keys (<c>Section:Key</c> form); <paramref name="dll"/>
    /// runs another build of the app than this benchmark's own (<see cref="LocateDll"/>).
    /// </summary>
    public static async Task<DashboardProcess> StartAsync(
        string connectionString, TextWriter log, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null, string? dll = null)
    {
        dll ??= LocateDll();
        var signingKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var port = FreePort();
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            // The build output holds appsettings.json; the content root is the working directory.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            info.Environment.Remove(name);
        }

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings:Dashboard"] = connectionString,
            ["Simulation:Enabled"] = "false",
            ["Auth:SigningKey"] = signingKey,
            ["Jobs:SchedulerName"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var server = new DashboardProcess(process, new Uri($"http://127.0.0.1:{port}/"), signingKey);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        log.WriteLine($"server: {dll} pid {process.Id} ready on {server.BaseAddress}");
        return server;
    }

    /// <summary>A token for <paramref name="tenant"/> signed with the server's key, valid for an hour by default.</summary>
    public string Token(string tenant, string scopes, string subject = "bench", TimeSpan? lifetime = null) =>
        _tokens.Issue(tenant, subject, scopes, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>The app's own <c>/metrics</c> text (open by default), or "" when it does not answer.</summary>
    public async Task<string> ScrapeAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await http.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    /// <summary>
    /// The app's build output for this benchmark's own configuration (the project reference builds it alongside), or
    /// the copy the reference puts beside this assembly when the repository layout is not there.
    /// </summary>
    public static string LocateDll()
    {
        var configuration = typeof(DashboardProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in 30 s: nothing more to do from here.
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode}:\n{Tail()}");
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

        throw new TimeoutException($"the server was not ready within {StartTimeout.TotalSeconds} s:\n{Tail()}");
    }

    // The last lines of the server's output, for the error when it fails to start (logging is at Warning, so few).
    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_lastLines)
        {
            return string.Join('\n', _lastLines);
        }
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
}

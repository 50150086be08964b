using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using Dashboard.Auth;
using Microsoft.Extensions.Options;

namespace Dashboard.Benchmarks;

/// <summary>
/// The real app binary (<c>Dashboard/bin/&lt;configuration&gt;/net10.0/Dashboard.dll</c>, built first when missing) in a
/// child process on loopback: Production environment, simulator off, Warning logs, its own signing key, so a scenario
/// measures the process from outside (<c>/proc</c>) with nothing of the benchmark inside it. Killed on dispose.
/// </summary>
internal sealed class DashboardChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TokenService _tokens;
    private readonly Queue<string> _output = new();

    private DashboardChildProcess(Process process, Uri baseAddress, string signingKey)
    {
        _process = process;
        BaseAddress = baseAddress;
        var options = Options.Create(new AuthOptions { SigningKey = signingKey });
        _tokens = new TokenService(options, TimeProvider.System);
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the app on <paramref name="connectionString"/> with <paramref name="settings"/> (configuration keys such as
    /// <c>Realtime:HeartbeatSeconds</c>) and waits for <c>/readyz</c> (bounded).
    /// </summary>
    public static async Task<DashboardChildProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> settings, TextWriter log, CancellationToken ct)
    {
        var dll = await LocateAppAsync(log, ct);
        var port = FreePort();
        var signingKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Dashboard"] = connectionString;
        start.Environment["Simulation__Enabled"] = "false";
        start.Environment["Auth__SigningKey"] = signingKey;
        start.Environment["Jobs__SchedulerName"] = "bench-" + Guid.NewGuid().ToString("N")[..8];
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        var server = new DashboardChildProcess(process, new Uri($"http://127.0.0.1:{port}/"), signingKey);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(90), ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>A token signed with this server's key (in-process <see cref="TokenService"/>, as the app's <c>token</c> command).</summary>
    public string Token(string tenant, string scopes, TimeSpan lifetime) => _tokens.Issue(tenant, "bench", scopes, lifetime);

    /// <summary>The app's own <c>/metrics</c> text (open by default), or "" when it does not answer.</summary>
    public async Task<string> ScrapeAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await http.GetStringAsync("/metrics", ct);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan limit, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with {_process.ExitCode} before it was ready:\n{Output()}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz", ct);
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
                // One slow answer while it starts.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"the app was not ready within {limit.TotalSeconds:F0} s:\n{Output()}");
    }

    // The last lines the app wrote, for the error when it fails to start.
    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <summary>
    /// The app's build output of this benchmark's own configuration (Release under <c>dotnet run -c Release</c>), beside
    /// Dashboard.sln above this assembly; built with <c>dotnet build</c> when missing.
    /// </summary>
    private static async Task<string> LocateAppAsync(TextWriter log, CancellationToken ct)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dashboard.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"Dashboard.sln not found above {AppContext.BaseDirectory}");
        }

        var configuration = typeof(DashboardChildProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(root.FullName, "Dashboard", "bin", configuration, "net10.0", "Dashboard.dll");
        if (File.Exists(dll))
        {
            return dll;
        }

        log.WriteLine($"building Dashboard ({configuration}): {dll} is missing");
        var build = new ProcessStartInfo(DotnetHost.Path) { WorkingDirectory = root.FullName, UseShellExecute = false };
        foreach (var arg in new[] { "build", "Dashboard/Dashboard.csproj", "-c", configuration, "-v", "q", "-nologo" })
        {
            build.ArgumentList.Add(arg);
        }

        using var process = Process.Start(build) ?? throw new InvalidOperationException("could not run dotnet build");
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 && File.Exists(dll) ? dll : throw new InvalidOperationException($"dotnet build failed ({process.ExitCode}); {dll} missing");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The <c>dotnet</c> executable that runs this process (the SDK exports it to the programs it starts).</summary>
internal static class DotnetHost
{
    public static string Path =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : System.IO.Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dashboard.Auth;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The built app (<c>dotnet Dashboard.dll</c>) running as a separate, long-lived process on a loopback port, so a test can
/// kill it (<see cref="Kill"/>) and start it again (<see cref="StartAsync"/>) on the same port, database, signing key and
/// scheduler name, as an operator's restart looks to clients. Disposing kills it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(45);
    private readonly Dictionary<string, string> _environment;
    private readonly TokenService _tokens;
    private readonly Queue<string> _lastLines = new();
    private Process? _process;

    /// <summary>A server on <paramref name="connectionString"/> (not started; see <see cref="StartAsync"/>).</summary>
    public ServerProcess(string connectionString)
    {
        var signingKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        ConnectionString = connectionString;
        _tokens = new TokenService(Options.Create(new AuthOptions { SigningKey = signingKey }), TimeProvider.System);
        _environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Dashboard"] = connectionString,
            ["Simulation__Enabled"] = "false",
            ["Auth__SigningKey"] = signingKey,
            ["Jobs__SchedulerName"] = "kill-" + Guid.NewGuid().ToString("N")[..8],
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The loopback port, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server's database.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts the process and waits until <c>/readyz</c> answers 200.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">It exited or was not ready within 45 s (the message has its last output).</exception>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"the server exited with code {process.ExitCode}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"the server was not ready within {ReadyTimeout.TotalSeconds} s:\n{Tail()}");
    }

    /// <summary>Kills the process tree at once (no graceful shutdown) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>A token for <paramref name="tenant"/> signed with the server's key, valid for an hour.</summary>
    public string Token(string tenant, string scopes) => _tokens.Issue(tenant, "fault-test", scopes, TimeSpan.FromHours(1));

    /// <summary>A plain <see cref="HttpClient"/> with a bearer token.</summary>
    public HttpClient Http(string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string Tail()
    {
        lock (_lastLines)
        {
            return string.Join('\n', _lastLines);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in 20 s: nothing more to do from here.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 60)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using Dashboard.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using System.Diagnostics;
using System.Security.Cryptography;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// The one way a benchmark hosts its server (<see cref="BenchmarkServerOptions"/>): the real app in a child process
/// (its build output, or this program's <c>serve</c> command for the fan-out servers) or in this process, on a loopback
/// port, on its own database, the simulator off, logging at Warning and a fresh signing key (tokens are minted here
/// with the same key). Ready once <c>/readyz</c> answers 200; disposing stops it (a child: the process tree killed and
/// awaited).
/// </summary>
internal sealed partial class BenchmarkServer : IAsyncDisposable
{
    private readonly TokenService _tokens;
    private readonly Process? _process;
    private readonly WebApplicationFactory<Program>? _app;

    private BenchmarkServer(Uri baseAddress, string signingKey, Process? process, WebApplicationFactory<Program>? app)
    {
        BaseAddress = baseAddress;
        SigningKey = signingKey;
        _process = process;
        _app = app;
        _tokens = new TokenService(Options.Create(new AuthOptions { SigningKey = signingKey }), TimeProvider.System);
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The HS256 key the server validates tokens with.</summary>
    public string SigningKey { get; }

    /// <summary>The server's process id (this process's when in process).</summary>
    public int ProcessId => _process?.Id ?? Environment.ProcessId;

    /// <summary>The app's services; in process only.</summary>
    /// <exception cref="InvalidOperationException">The server runs in a child process.</exception>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("a child-process server has no services here");

    /// <summary>CPU time the server process has used so far (all threads).</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            using var process = _process is null ? Process.GetCurrentProcess() : null;
            var target = process ?? _process!;
            target.Refresh();
            return target.TotalProcessorTime;
        }
    }

    /// <summary>Starts the server described by <paramref name="options"/> and waits until it is ready.</summary>
    public static async Task<BenchmarkServer> StartAsync(BenchmarkServerOptions options, TextWriter log, CancellationToken ct)
    {
        var signingKey = options.SigningKey ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        return options.InProcess
            ? await StartInProcessAsync(options, signingKey)
            : await StartChildAsync(options, signingKey, log, ct);
    }

    /// <summary>A token for <paramref name="tenant"/> signed with the server's key, valid for an hour by default.</summary>
    public string Token(string tenant, string scopes, string subject = "bench", TimeSpan? lifetime = null) =>
        _tokens.Issue(tenant, subject, scopes, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>The server process's resident memory and CPU time now, read from <c>/proc</c>.</summary>
    public ProcessSample Sample() => ProcessSample.Read(ProcessId);

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

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_process is not null)
        {
            await StopChildAsync(_process);
        }
    }

    /// <summary>
    /// The settings every Dashboard gets here, then <paramref name="options"/>' own: its database, the simulator off, a
    /// scheduler of its own name, the signing key, and logging at Warning.
    /// </summary>
    private static Dictionary<string, string> Settings(BenchmarkServerOptions options, string signingKey)
    {
        var settings = new Dictionary<string, string>();
        if (options.ConnectionString is { } connectionString)
        {
            settings["ConnectionStrings:Dashboard"] = connectionString;
            settings["Simulation:Enabled"] = "false";
            settings["Auth:SigningKey"] = signingKey;
            settings["Jobs:SchedulerName"] = "bench-" + Guid.NewGuid().ToString("N")[..8];
            settings["Logging:LogLevel:Default"] = "Warning";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";
        }

        foreach (var (key, value) in options.Settings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }
}

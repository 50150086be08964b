using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks.Shared;

/// <summary>What <see cref="BenchmarkServer"/> starts, and where.</summary>
internal sealed record BenchmarkServerOptions
{
    /// <summary>The Dashboard's own database; null only for a fan-out comparison server (<see cref="Serve"/> <c>bare</c> or <c>signalr</c>).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// false (default): a child process, so the server's CPU, memory and GC are its own, as in production. true: the app
    /// in this process on Kestrel, every recurring job paused, so a scenario drives a job's work itself and times exactly
    /// that (<see cref="BenchmarkServer.Services"/>).
    /// </summary>
    public bool InProcess { get; init; }

    /// <summary>
    /// Configuration keys (<c>Section:Key</c>) or runtime variables (<c>DOTNET_…</c>) added to or overriding the
    /// defaults: a scenario's own settings and <c>--server-env</c>. A child process gets them as environment variables.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    /// <summary>Child process: the <c>Dashboard.dll</c> build to run (e.g. <c>scrape --server before=…,after=…</c>); null: this benchmark's own build.</summary>
    public string? Dll { get; init; }

    /// <summary>
    /// Child process: this program's hidden <c>serve &lt;kind&gt;</c> command (<c>bare</c>, <c>signalr</c> or
    /// <c>dashboard</c>) instead of a Dashboard build: the fan-out servers, each with the benchmark trigger endpoints.
    /// </summary>
    public string? Serve { get; init; }

    /// <summary>In process: services added to the app's own (e.g. the fan-out trigger's startup filter).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>In process: the loopback port (0: a free one).</summary>
    public int Port { get; init; }

    /// <summary>The HS256 key the server validates tokens with; null: a fresh random one.</summary>
    public string? SigningKey { get; init; }
}

namespace Dashboard.Benchmarks.Soak;

/// <summary>The <c>soak</c> scenario's settings.</summary>
/// <param name="Clients">WebSocket clients kept connected for the whole run.</param>
/// <param name="Duration">How long the load runs once every client is connected (the last sample is taken then).</param>
/// <param name="Interval">Time between samples; each sample's latency and message figures cover the interval before it.</param>
/// <param name="WarmUp">Samples before this are shown but not used by the flatness verdict (JIT, pools, caches, first GCs).</param>
/// <param name="RateFactor">The simulator's rate settings (<c>Simulation:CallsPerSecond</c>, <c>Simulation:QueueSpeedFactor</c>) times their defaults.</param>
internal sealed record SoakOptions(int Clients, TimeSpan Duration, TimeSpan Interval, TimeSpan WarmUp, double RateFactor)
{
    /// <summary>The topic sets of the dashboard pages (docs/pages.md): overview, queues, calls, wallboard; client i opens page i / tenants.</summary>
    public static readonly IReadOnlyList<string[]> DashboardPages =
        [["metrics", "campaigns", "calls"], ["queue", "agents"], ["calls", "call_stats"], ["queue", "campaigns"]];

    /// <summary>
    /// The run: 2,000 clients, 30 min, a sample every 30 s, the simulator at 10×, and 5 min of warm-up: under this
    /// load the server's first gen2 collection comes after about 4.5 min, and until then the heap and RSS only climb.
    /// </summary>
    public static SoakOptions Full() => new(2000, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), 10);

    /// <summary>The topic set of each page the clients open, cycled.</summary>
    public IReadOnlyList<string[]> Pages { get; init; } = DashboardPages;

    /// <summary>Extra configuration or runtime variables for the server process (<c>--server-env</c>).</summary>
    public IReadOnlyDictionary<string, string>? ServerSettings { get; init; }
}

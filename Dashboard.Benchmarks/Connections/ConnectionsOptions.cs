namespace Dashboard.Benchmarks.Connections;

/// <summary>The <c>connections</c> scenario's settings.</summary>
/// <param name="Counts">Idle connections per measurement.</param>
/// <param name="Transports"><c>ws</c> and/or <c>sse</c>.</param>
/// <param name="HeartbeatSeconds">The server's <c>Realtime:HeartbeatSeconds</c> and <c>Realtime:SseHeartbeatSeconds</c>.</param>
/// <param name="Window">The quiet CPU measuring window (with and without the connections).</param>
/// <param name="MaxSettle">Longest wait for the RSS to stop changing.</param>
/// <param name="StableSamples">Consecutive 1 s RSS samples within 1 MiB (or 0.5 %) that count as settled.</param>
/// <param name="WarmUp">Connections opened and closed before the baseline, so JIT and pools are not charged to the load.</param>
internal sealed record ConnectionsOptions(IReadOnlyList<int> Counts, IReadOnlyList<string> Transports, int HeartbeatSeconds, TimeSpan Window, TimeSpan MaxSettle, int StableSamples, int WarmUp)
{
    public static ConnectionsOptions Full(IReadOnlyList<int> counts, IReadOnlyList<string> transports, int heartbeatSeconds) =>
        new(counts, transports, heartbeatSeconds, TimeSpan.FromSeconds(Math.Max(20, 4 * heartbeatSeconds)), TimeSpan.FromSeconds(60), 5, 200);

    /// <summary>Seconds, for the smoke test: 200 connections, 1 s heartbeat, 3 s windows.</summary>
    public static ConnectionsOptions Quick(int count = 200) =>
        new([count], ["ws", "sse"], 1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6), 3, 20);

    /// <summary>Extra configuration or runtime variables for every server process (<c>--server-env</c>).</summary>
    public IReadOnlyDictionary<string, string>? ServerSettings { get; init; }

    /// <summary>
    /// <c>--gcdump DIR</c>: where heap dumps before and after the connections open go, with their per-connection
    /// difference (<see cref="HeapAttribution"/>); null takes none. A dump forces a full collection, so the RSS after the
    /// connections close is then not comparable with a run without dumps.
    /// </summary>
    public string? GcDumpDirectory { get; init; }
}

namespace Dashboard.Realtime;

/// <summary>
/// Decides when a node whose connection count swung down should give memory back (docs/limits.md, "Memory per
/// connection"). Closing thousands of connections leaves their objects and the garbage of their closing handshakes on
/// the heap, and an idle node allocates too little to start the collection that would free them: measured with the
/// <c>connections</c> benchmark, the RSS after 5,000 WebSockets came and went stayed 1.6–2.2× where it started with every
/// GC mode. One compacting collection that decommits (<see cref="GCCollectionMode.Aggressive"/>) returns it.
/// </summary>
/// <remarks>
/// Fed once a second by <see cref="HeartbeatSweeper"/>. It fires when at least <c>threshold</c> connections and at least
/// half of the peak have left, the count has stayed put (within 1 % of the threshold) for <see cref="SettledSweeps"/>
/// sweeps (the wave of closes is over), and the last trim is <see cref="MinInterval"/> ago; then the peak starts again from the current count. A
/// steady churn never fires: the peak is only the highest count since the last trim.
/// </remarks>
internal sealed class IdleMemoryTrimmer(int threshold)
{
    /// <summary>Sweeps (seconds) of a settled count before a trim.</summary>
    public const int SettledSweeps = 3;

    /// <summary>Least time between two trims: the collection pauses the process (tens of ms per 100 MB of heap).</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    private int _peak;
    private int _previous;
    private int _settled;
    private DateTimeOffset? _lastTrim;

    /// <summary>Records the node's connection count at <paramref name="now"/>; true when the caller should trim now.</summary>
    public bool Observe(int connections, DateTimeOffset now)
    {
        if (threshold == 0)
        {
            return false;
        }

        // Settled: the count moved by at most 1 % of the threshold since the last sweep (stragglers, not the wave).
        _settled = Math.Abs(connections - _previous) <= threshold / 100 ? _settled + 1 : 0;
        _previous = connections;
        _peak = Math.Max(_peak, connections);
        var left = _peak - connections;
        if (left < threshold || connections > _peak / 2 || _settled < SettledSweeps || now - _lastTrim < MinInterval)
        {
            return false;
        }

        _peak = connections;
        _lastTrim = now;
        return true;
    }
}

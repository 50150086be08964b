using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Dashboard.Observability;

/// <summary>A per-transport count read by an observable instrument at scrape time (and by the system health job).</summary>
internal sealed class TransportGauge
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="delta"/> (may be negative) to <paramref name="transport"/>'s count.</summary>
    public void Add(string transport, long delta) =>
        Interlocked.Add(ref _counts.GetOrAdd(transport, static _ => new StrongBox<long>()).Value, delta);

    /// <summary>The count of <paramref name="transport"/>; 0 when never touched.</summary>
    public long Get(string transport) => _counts.TryGetValue(transport, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>One measurement per transport, labelled <c>transport</c>.</summary>
    public IEnumerable<Measurement<long>> Measure() =>
        _counts.Select(kv => new Measurement<long>(Volatile.Read(ref kv.Value.Value), new KeyValuePair<string, object?>("transport", kv.Key)));
}

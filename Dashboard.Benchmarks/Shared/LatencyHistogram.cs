using System.Numerics;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// A log-linear histogram of microsecond latencies (HdrHistogram's layout, 64 sub-buckets per power of two): exact
/// below 64 µs, within 1.6 % above, in a fixed 30 KB however many values. Millions of (event, client) pairs are
/// recorded without storing them. One writer at a time; <see cref="Add"/> merges per-client histograms.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int SubBits = 6;

    private readonly long[] _counts = new long[58 * SubBuckets];

    public long Count { get; private set; }

    public long MaxMicros { get; private set; }

    public void Record(long micros)
    {
        micros = Math.Max(0, micros);
        _counts[Index(micros)]++;
        Count++;
        MaxMicros = Math.Max(MaxMicros, micros);
    }

    /// <summary>Records a <see cref="System.Diagnostics.Stopwatch"/> tick interval.</summary>
    public void RecordTicks(long ticks) => Record(ticks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency);

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1] in milliseconds; 0 when empty.</summary>
    public double ValueAt(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(MaxMicros, Middle(i)) / 1000.0;
            }
        }

        return MaxMicros / 1000.0;
    }

    public LatencyFigures Figures() => new(Count, ValueAt(0.5), ValueAt(0.99), ValueAt(0.999), MaxMicros / 1000.0);

    private static int Index(long v)
    {
        if (v < SubBuckets)
        {
            return (int)v;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)v);
        return ((magnitude - SubBits + 1) * SubBuckets) + (int)((v >> (magnitude - SubBits)) & (SubBuckets - 1));
    }

    private static long Middle(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var lower = (long)(SubBuckets + (index % SubBuckets)) << shift;
        return lower + ((1L << shift) / 2);
    }
}

using System.Globalization;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// A server process's cumulative runtime counters, read in the server (<c>GET /bench/stats</c>) at the start and end of
/// a measurement: their difference divided by the messages delivered is the cost of one delivery.
/// </summary>
internal readonly record struct FanOutStats(long AllocatedBytes, int Gen0, int Gen2, long WorkItems, long LockContentions)
{
    public static FanOutStats Current() => new(
        GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(2),
        ThreadPool.CompletedWorkItemCount, Monitor.LockContentionCount);

    public static FanOutStats Parse(string text)
    {
        var f = text.Split(' ').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return new FanOutStats(f[0], (int)f[1], (int)f[2], f[3], f[4]);
    }

    public static FanOutStats operator -(FanOutStats a, FanOutStats b) =>
        new(a.AllocatedBytes - b.AllocatedBytes, a.Gen0 - b.Gen0, a.Gen2 - b.Gen2, a.WorkItems - b.WorkItems, a.LockContentions - b.LockContentions);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AllocatedBytes} {Gen0} {Gen2} {WorkItems} {LockContentions}");
}

namespace Dashboard.Benchmarks.Shared;

/// <summary>p50, p99, p99.9 and maximum of a set of latencies, in milliseconds.</summary>
internal sealed record LatencyFigures(long Count, double P50, double P99, double P999, double Max)
{
    public override string ToString() => $"n {Count:N0}: p50 {P50:F2} ms, p99 {P99:F2} ms, p99.9 {P999:F2} ms, max {Max:F2} ms";
}

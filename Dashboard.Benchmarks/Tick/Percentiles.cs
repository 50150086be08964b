namespace Dashboard.Benchmarks.Tick;

/// <summary>Median, 95th and 99th percentiles (nearest rank) and maximum of a set of durations in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Percentiles(At(0.5), At(0.95), At(0.99), sorted[^1]);
    }

    public override string ToString() => $"p50 {P50:F1} ms, p95 {P95:F1} ms, max {Max:F1} ms";
}

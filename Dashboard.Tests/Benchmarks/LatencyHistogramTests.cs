using Dashboard.Benchmarks.Shared;

namespace Dashboard.Tests.Benchmarks;

/// <summary>The benchmark's histogram: exact for small values, within 1.6 % above, merging by addition.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_the_resolution_of_the_exact_ones()
    {
        var histogram = new LatencyHistogram();
        var values = Enumerable.Range(1, 100_000).Select(i => (long)i * 7).ToArray();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        foreach (var q in new[] { 0.5, 0.99, 0.999 })
        {
            var exact = values[(int)Math.Ceiling(q * values.Length) - 1] / 1000.0;
            Assert.InRange(histogram.ValueAt(q), exact * 0.984, exact * 1.016);
        }

        Assert.Equal(700.0, histogram.Figures().Max);
    }

    [Fact]
    public void Small_values_are_exact_and_merging_adds_counts()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(10);
        b.Record(30);
        b.Record(50);
        a.Add(b);

        Assert.Equal(3, a.Count);
        Assert.Equal(0.030, a.ValueAt(0.5));
        Assert.Equal(0.050, a.ValueAt(1));
    }
}

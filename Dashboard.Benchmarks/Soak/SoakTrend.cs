namespace Dashboard.Benchmarks.Soak;

/// <summary>
/// A figure's verdict: the mean of the first samples after warm-up against the mean of the last ones, and the
/// least-squares slope over every sample after warm-up. The figure is flat when the fitted growth over the span (slope ×
/// <see cref="SpanMinutes"/>) stays within <see cref="Tolerance"/>: a fit over every sample, so where a GC sawtooth
/// happens to stand at either end does not decide it.
/// </summary>
internal sealed record SoakTrend(string Figure, double Start, double End, double SlopePerTenMinutes, double SpanMinutes, double Tolerance, string Unit)
{
    public double FittedGrowth => SlopePerTenMinutes * SpanMinutes / 10;

    public bool Flat => FittedGrowth <= Tolerance;
}

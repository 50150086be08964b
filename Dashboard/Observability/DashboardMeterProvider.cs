using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dashboard.Observability;

/// <summary>Builds the OpenTelemetry meter provider that feeds <see cref="PrometheusPullExporter"/>.</summary>
internal static class DashboardMeterProvider
{
    /// <summary>
    /// prometheus-net's default HTTP duration buckets, 0.001·2ⁿ s for n = 0..15 (1 ms … 32.768 s); also used for every
    /// other seconds histogram that does not advise its own, since OpenTelemetry's defaults are meant for milliseconds.
    /// </summary>
    public static readonly double[] SecondsBuckets = [.. Enumerable.Range(0, 16).Select(n => 0.001 * Math.Pow(2, n))];

    /// <summary>
    /// A provider listening to meter <paramref name="meterName"/> with one cumulative pull reader around <paramref name="exporter"/>.
    /// </summary>
    /// <param name="exporter">Receives every scrape's collection.</param>
    /// <param name="meterName">The meter to listen to (<see cref="DashboardMetrics.MeterName"/>).</param>
    /// <param name="meterScope">
    /// When set, only meters whose <see cref="Meter.Scope"/> is this object (the host's <see cref="IMeterFactory"/>) are
    /// exported: meter listeners are process-wide, and several hosts in one process (tests) must not see each other's meters.
    /// </param>
    public static MeterProvider Build(PrometheusPullExporter exporter, string meterName, object? meterScope)
    {
        var reader = new BaseExportingMetricReader(exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .AddView(instrument => SelectStream(instrument, meterScope))
            .AddReader(reader)
            .Build();
    }

    private static MetricStreamConfiguration? SelectStream(Instrument instrument, object? meterScope)
    {
        if (meterScope is not null && !ReferenceEquals(instrument.Meter.Scope, meterScope))
        {
            return MetricStreamConfiguration.Drop;
        }

        if (instrument is Histogram<double> { Unit: "s" } histogram && histogram.Advice?.HistogramBucketBoundaries is null)
        {
            return new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets };
        }

        // Null keeps the default stream (and any bucket advice the instrument gives).
        return null;
    }
}

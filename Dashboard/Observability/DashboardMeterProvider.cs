using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// Builds the OpenTelemetry meter provider that feeds <see cref="PrometheusPullExporter"/>: the server's own meter, plus
/// Npgsql's (connection pool and commands, <c>db_client_*</c>) and the .NET runtime's built-in <c>System.Runtime</c>
/// meter (GC, thread pool, JIT, exceptions, <c>dotnet_*</c>).
/// </summary>
/// <remarks>
/// Npgsql's and the runtime's meters are process-wide (not created through the host's <see cref="IMeterFactory"/>): every
/// host in one process exports them, and Npgsql's series are per data source (<c>db_client_connection_pool_name</c>).
/// </remarks>
internal static class DashboardMeterProvider
{
    /// <summary>Npgsql's meter (Npgsql 10: <c>db.client.connection.count</c>, <c>db.client.operation.duration</c>, …).</summary>
    public const string NpgsqlMeterName = "Npgsql";

    /// <summary>The runtime's meter (.NET 9+: <c>dotnet.gc.collections</c>, <c>dotnet.thread_pool.thread.count</c>, …).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    // System.Runtime instruments left out: two repeat a family ProcessMetrics already exports under the name the
    // Prometheus client libraries (and prometheus-net) use (process_cpu_seconds_total, process_working_set_bytes); the
    // thread pool's thread count and queue length are declared as ObservableCounter by the runtime (10.0), which would
    // make them counters named *_total, so ProcessMetrics exports them as gauges under the same names instead.
    private static readonly HashSet<string> RuntimeDuplicates = new(StringComparer.Ordinal)
    {
        "dotnet.process.cpu.time",
        "dotnet.process.memory.working_set",
        "dotnet.thread_pool.thread.count",
        "dotnet.thread_pool.queue.length",
    };

    /// <summary>
    /// prometheus-net's default HTTP duration buckets, 0.001·2ⁿ s for n = 0..15 (1 ms … 32.768 s); also used for every
    /// other seconds histogram that does not advise its own, since OpenTelemetry's defaults are meant for milliseconds.
    /// </summary>
    public static readonly double[] SecondsBuckets = [.. Enumerable.Range(0, 16).Select(n => 0.001 * Math.Pow(2, n))];

    /// <summary>
    /// A provider listening to meter <paramref name="meterName"/> (and, with <paramref name="libraryMeters"/>, to
    /// <see cref="NpgsqlMeterName"/> and <see cref="RuntimeMeterName"/>) with one cumulative pull reader around <paramref name="exporter"/>.
    /// </summary>
    /// <param name="exporter">Receives every scrape's collection.</param>
    /// <param name="meterName">The meter to listen to (<see cref="DashboardMetrics.MeterName"/>).</param>
    /// <param name="meterScope">
    /// When set, only meters named <paramref name="meterName"/> whose <see cref="Meter.Scope"/> is this object (the host's
    /// <see cref="IMeterFactory"/>) are exported: meter listeners are process-wide, and several hosts in one process
    /// (tests) must not see each other's meters. The library meters are process-wide by nature and always exported.
    /// </param>
    /// <param name="libraryMeters">Also export Npgsql's and the runtime's meters (the server does; unit tests of the mapping do not).</param>
    public static MeterProvider Build(PrometheusPullExporter exporter, string meterName, object? meterScope, bool libraryMeters = false)
    {
        var reader = new BaseExportingMetricReader(exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
        string[] meters = libraryMeters ? [meterName, NpgsqlMeterName, RuntimeMeterName] : [meterName];
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(meters)
            .AddView(instrument => SelectStream(instrument, meterScope))
            .AddReader(reader)
            .Build();
    }

    private static MetricStreamConfiguration? SelectStream(Instrument instrument, object? meterScope)
    {
        var meter = instrument.Meter.Name;
        if (meterScope is not null && meter != NpgsqlMeterName && meter != RuntimeMeterName && !ReferenceEquals(instrument.Meter.Scope, meterScope))
        {
            return MetricStreamConfiguration.Drop;
        }

        if (meter == RuntimeMeterName && RuntimeDuplicates.Contains(instrument.Name))
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

using System.Diagnostics.Metrics;
using Prometheus;

namespace Dashboard.Observability;

/// <summary>
/// The families of code that is not the server's, added to the application's registry: prometheus-net's process
/// collector (<see cref="DotNetStats"/>: <c>process_*</c>, <c>dotnet_total_memory_bytes</c>,
/// <c>dotnet_collection_count_total</c>) and its .NET Meters adapter (<see cref="MeterAdapter"/>) listening to the
/// runtime's <c>System.Runtime</c> meter and Npgsql's <c>Npgsql</c> meter. The adapter names a family
/// <c>{meter}_{instrument}</c> lower-cased with every other character as <c>_</c> (<c>system_runtime_dotnet_gc_collections</c>,
/// <c>npgsql_db_client_operation_duration</c>) and exports every instrument except histograms as a gauge;
/// six <c>.count</c> instruments, which the adapter would name <c>…_count</c>, go through <see cref="CountInstruments"/>;
/// docs/observability.md lists what a scrape shows. Disposing stops both listeners.
/// </summary>
/// <remarks>
/// Both meters are process-wide: every host in one process (the tests) exports the same runtime and Npgsql values, and
/// Npgsql's series are per data source (<c>db_client_connection_pool_name</c>).
/// </remarks>
internal sealed class LibraryMetrics : IDisposable
{
    /// <summary>Npgsql's meter (Npgsql 10: <c>db.client.connection.count</c>, <c>db.client.operation.duration</c>, …).</summary>
    public const string NpgsqlMeterName = "Npgsql";

    /// <summary>The runtime's meter (.NET 9+: <c>dotnet.gc.collections</c>, <c>dotnet.thread_pool.thread.count</c>, …).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    // The adapter keeps a series it has not seen updated for this long, then drops it (prometheus-net's managed
    // lifetime, at most 1 day). Observable instruments are re-read at every scrape; counters such as failed commands
    // may go quiet for hours, and dropping one would restart it from 0.
    private static readonly TimeSpan SeriesLifetime = TimeSpan.FromDays(1);

    private readonly IDisposable _adapter;
    private readonly CountInstruments _counts;

    /// <summary>Registers the process collector and starts the adapter on <paramref name="registry"/>.</summary>
    public LibraryMetrics(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);
        _counts = new CountInstruments(registry);
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = MetricsRegistry.Factory(registry),
            InstrumentFilterPredicate = Exported,
            MetricsExpireAfter = SeriesLifetime,
            ResolveHistogramBuckets = Buckets,
        });
    }

    /// <summary>
    /// Which instruments are exported: those of the two meters, less the runtime's CPU time and working set (the process
    /// collector's <c>process_cpu_seconds_total</c> and <c>process_working_set_bytes</c> say the same) and the
    /// <c>.count</c> instruments <see cref="CountInstruments"/> exports under other names.
    /// </summary>
    internal static bool Exported(Instrument instrument) => !CountInstruments.Handles(instrument) && instrument.Meter.Name switch
    {
        NpgsqlMeterName => true,
        RuntimeMeterName => instrument.Name is not ("dotnet.process.cpu.time" or "dotnet.process.memory.working_set"),
        _ => false,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _adapter.Dispose();
        _counts.Dispose();
    }

    // An instrument's own bucket advice first; else prometheus-net's HTTP buckets for seconds (the adapter's default,
    // 0.01·2ⁿ up to ~168000, is meant for anything), else the adapter's default.
    private static double[] Buckets(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } advised } => [.. advised],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } advised } => [.. advised.Select(b => (double)b)],
        { Unit: "s" } => MetricsRegistry.SecondsBuckets,
        _ => MeterAdapterOptions.DefaultHistogramBuckets,
    };
}

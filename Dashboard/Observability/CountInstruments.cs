using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Dashboard.Observability;

/// <summary>
/// The six instruments of the runtime's and Npgsql's meters whose name ends in <c>.count</c>. prometheus-net's
/// <see cref="MeterAdapter"/> would export them as gauges named <c>…_count</c>, a suffix Prometheus reserves for histogram
/// and summary series (<c>promtool check metrics</c> refuses it, and a query for a histogram's <c>_count</c> could match
/// them), so <see cref="LibraryMetrics"/> leaves them to this listener, which exports them under the adapter's prefix with
/// a plural name instead (docs/observability.md): <c>npgsql_db_client_connections</c>,
/// <c>system_runtime_dotnet_thread_pool_threads</c>, <c>system_runtime_dotnet_thread_pool_work_items_total</c> (a counter,
/// as the runtime declares it), <c>system_runtime_dotnet_timers</c>, <c>system_runtime_dotnet_assemblies</c> and
/// <c>system_runtime_dotnet_process_cpus</c>. Tags become labels as the adapter names them (<c>db.client.connection.state</c>
/// → <c>db_client_connection_state</c>). All six are observable, so they are read before each collection.
/// </summary>
internal sealed class CountInstruments : IDisposable
{
    private static readonly Dictionary<(string Meter, string Instrument), (string Name, bool Counter)> Renamed = new()
    {
        [(LibraryMetrics.NpgsqlMeterName, "db.client.connection.count")] = ("npgsql_db_client_connections", false),
        [(LibraryMetrics.RuntimeMeterName, "dotnet.thread_pool.thread.count")] = ("system_runtime_dotnet_thread_pool_threads", false),
        [(LibraryMetrics.RuntimeMeterName, "dotnet.thread_pool.work_item.count")] = ("system_runtime_dotnet_thread_pool_work_items_total", true),
        [(LibraryMetrics.RuntimeMeterName, "dotnet.timer.count")] = ("system_runtime_dotnet_timers", false),
        [(LibraryMetrics.RuntimeMeterName, "dotnet.assembly.count")] = ("system_runtime_dotnet_assemblies", false),
        [(LibraryMetrics.RuntimeMeterName, "dotnet.process.cpu.count")] = ("system_runtime_dotnet_process_cpus", false),
    };

    private readonly MetricFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Collector> _collectors = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Starts listening and reads the instruments before each collection of <paramref name="registry"/>.</summary>
    public CountInstruments(CollectorRegistry registry)
    {
        _factory = MetricsRegistry.Factory(registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Handles(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(() =>
        {
            // The registry cannot forget a callback; a disposed listener must not be asked again.
            lock (_gate)
            {
                if (!_disposed)
                {
                    _listener.RecordObservableInstruments();
                }
            }
        });
    }

    /// <summary>True for the instruments this class exports (and <see cref="LibraryMetrics"/> therefore does not).</summary>
    public static bool Handles(Instrument instrument) => Renamed.ContainsKey((instrument.Meter.Name, instrument.Name));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _listener.Dispose();
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = LabelName(tags[i].Key);
            values[i] = tags[i].Value?.ToString() ?? "";
        }

        // Label order must not depend on the order the instrument gives its tags in.
        Array.Sort(names, values, StringComparer.Ordinal);
        var collector = _collectors.GetOrAdd(instrument, i => Create(i, names));
        if (!collector.LabelNames.AsSpan().SequenceEqual(names))
        {
            return; // A tag set the first measurement did not have: never the case for these six instruments.
        }

        switch (collector)
        {
            case Counter counter:
                counter.WithLabels(values).IncTo(value);
                break;
            case Gauge gauge:
                gauge.WithLabels(values).Set(value);
                break;
        }
    }

    private Collector Create(Instrument instrument, string[] labelNames)
    {
        var (name, counter) = Renamed[(instrument.Meter.Name, instrument.Name)];
        var help = $"{instrument.Description} ({instrument.Meter.Name} {instrument.Name}, unit {instrument.Unit})";
        return counter ? _factory.CreateCounter(name, help, labelNames) : _factory.CreateGauge(name, help, labelNames);
    }

    // As prometheus-net's adapter names labels: lower case, every character outside [a-z0-9_] replaced by '_'.
    private static string LabelName(string tag) =>
        string.Create(tag.Length, tag, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = char.ToLowerInvariant(source[i]);
                span[i] = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_';
            }
        });
}

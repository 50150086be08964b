using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// A pull-only OpenTelemetry exporter behind <c>/metrics</c>. The <see cref="BaseExportingMetricReader"/> it is given to
/// sets <see cref="Collect"/>; a scrape calls it, and the reader hands the collection to <see cref="Export"/> on the
/// same thread, which copies it into <see cref="MetricFamily"/> snapshots (metric points are only valid during Export).
/// Concurrent scrapes share the collection in flight instead of starting their own: the reader's <c>Collect</c> lets a
/// second caller wait for the first one's export, so it would otherwise get no batch of its own.
/// </summary>
[ExportModes(ExportModes.Pull)]
internal sealed class PrometheusPullExporter : BaseExporter<Metric>, IPullMetricExporter
{
    private const int CollectTimeoutMilliseconds = 10_000;

    private readonly Lock _gate = new();
    private TaskCompletionSource<IReadOnlyList<MetricFamily>?>? _inFlight;
    private IReadOnlyList<MetricFamily>? _exported;

    /// <summary>Set by the reader (null once the reader is disposed): collects and calls <see cref="Export"/>; false on failure or timeout.</summary>
    public Func<int, bool>? Collect { get; set; }

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Metric> batch)
    {
        _exported = OpenTelemetryMetricMapper.Map(batch);
        return ExportResult.Success;
    }

    /// <summary>
    /// Collects now, or joins the collection already running. Returns the families, or null when collection failed,
    /// timed out (10 s) or the meter provider is disposed.
    /// </summary>
    public Task<IReadOnlyList<MetricFamily>?> ScrapeAsync()
    {
        TaskCompletionSource<IReadOnlyList<MetricFamily>?> mine;
        lock (_gate)
        {
            if (_inFlight is { } running)
            {
                return running.Task;
            }

            mine = new TaskCompletionSource<IReadOnlyList<MetricFamily>?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight = mine;
        }

        IReadOnlyList<MetricFamily>? result = null;
        Exception? failure = null;
        try
        {
            result = CollectOnce();
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight = null;
            }
        }

        if (failure is not null)
        {
            mine.SetException(failure);
        }
        else
        {
            mine.SetResult(result);
        }

        return mine.Task;
    }

    // Only one CollectOnce runs at a time (the gate above), so _exported belongs to it.
    private IReadOnlyList<MetricFamily>? CollectOnce()
    {
        _exported = null;
        var collect = Collect;
        var ok = collect is not null && collect(CollectTimeoutMilliseconds);
        var exported = _exported;
        _exported = null;
        return ok ? exported : null;
    }
}

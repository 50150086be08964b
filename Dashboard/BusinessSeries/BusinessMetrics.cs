using Dashboard.Observability;
using Dashboard.Realtime;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Dashboard.BusinessSeries;

/// <summary>
/// Business gauges per tenant, queue and campaign, computed at scrape time from this node's hub: the newest
/// <c>calls</c>, <c>agents</c>, <c>queue</c>, <c>chat</c>, <c>commerce</c>, <c>campaigns</c> and <c>kpis</c> snapshots the campaign metrics job published (every node
/// applies every published message through the backplane, so every node exports the same values, whichever node ran the
/// tick; they are exactly what a REST poll of this node answers). A tenant with no snapshot yet has no series.
/// </summary>
/// <remarks>
/// A before-collect callback of the registry computes them. Scrapes that arrive while a computation runs wait for it and
/// export its values instead of starting another, so concurrent scrapes cost one read of the hub. A scrape waits at most
/// <see cref="ComputationTimeout"/> for it: past that it logs a warning and exports the gauges as the last finished
/// computation left them, so a hung computation slows scrapes instead of hanging them (later scrapes wait for the same
/// computation, each for at most that long, until it ends). Each computation sets
/// the series it found and removes the ones the previous computation exported but this one did not (a campaign that
/// ended, a ratio that became undefined), so no series is left stale. At most <c>Metrics:MaxBusinessSeries</c> series are
/// exported, in <see cref="BusinessGauge"/> order (tenant-wide first, then campaigns, custom KPIs last); the rest are left out and added to
/// <c>dashboard_metrics_series_dropped_total</c> at each computation that leaves them out (docs/observability.md).
/// </remarks>
public sealed partial class BusinessMetrics : IScrapeSource
{
    // Indexed by BusinessGauge.
    private static readonly (string Name, string Help)[] Gauges =
    [
        ("dashboard_tenant_active_calls", "Active calls of the tenant (started, not ended; campaign or not)."),
        ("dashboard_agents", "Agents of the tenant by current status (available, on_call, after_call_work, busy, offline)."),
        ("dashboard_agent_occupancy_ratio", "Agent occupancy since 00:00 UTC: (on call + after-call work) / (available + on call + after-call work) time; absent with no such time."),
        ("dashboard_queue_calls_waiting", "Callers waiting in the queue now."),
        ("dashboard_queue_longest_wait_seconds", "Wait of the queue's oldest waiting caller; 0 when nobody waits."),
        ("dashboard_queue_service_level_ratio", "Calls answered within the queue's threshold / calls offered, since 00:00 UTC; absent before the first offered call."),
        ("dashboard_queue_abandonment_ratio", "Abandoned / offered calls since 00:00 UTC; absent before the first offered call."),
        ("dashboard_queue_agents", "Agents listing the queue, by current status."),
        ("dashboard_chat_sessions", "Chat sessions of the tenant now, by state (waiting: not yet assigned; active: assigned, open)."),
        ("dashboard_chat_longest_wait_seconds", "Wait of the tenant's oldest waiting chat session; 0 when nobody waits."),
        ("dashboard_chat_first_response_seconds", "Average first reply time (first agent message - session start) of sessions first answered today; absent before the first."),
        ("dashboard_chat_csat_ratio", "CSAT responses scoring 4 or 5 / responses today; absent before the first response."),
        ("dashboard_commerce_active_users", "Distinct users active in the last 5 minutes (window=current) or today in the tenant's time zone (window=today)."),
        ("dashboard_commerce_revenue", "Completed, not refunded revenue per currency, today in the tenant's time zone or all time; a float approximation of the exact decimal."),
        ("dashboard_commerce_transactions", "Transactions of the tenant by current status, all time."),
        ("dashboard_campaign_active_calls", "Active calls of the campaign."),
        ("dashboard_campaign_queue_depth", "Contacts the campaign's dialer still has to dial (campaign.updated queueDepth)."),
        ("dashboard_campaign_dialing_rate", "Call attempts per second over the last 60 s."),
        ("dashboard_campaign_answer_ratio", "Answered / attempted calls of the campaign; absent before the first attempt."),
        ("dashboard_campaign_conversion_ratio", "Converted / answered calls of the campaign; absent before the first answer."),
        ("dashboard_kpi", "A custom KPI series reported by metric.reported (gauge: newest value; counter: total), labelled with its own labels."),
    ];

    private readonly RealtimeHub _hub;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<BusinessMetricsOptions> _options;
    private readonly ILogger<BusinessMetrics> _logger;
    private readonly Gauge[] _gauges;
    private readonly MetricFactory _factory;
    // dashboard_kpi's collectors by label-name set (one family; each set of label names is its own collector).
    private readonly Dictionary<string, Gauge> _kpiGauges = new(StringComparer.Ordinal);
    private readonly Counter _dropped;
    private readonly Lock _gate = new();
    private TaskCompletionSource? _inFlight;
    private Dictionary<Gauge, HashSet<string[]>> _exported = [];
    private long _computations;
    private long _joined;

    /// <summary>Creates the gauges and the drop counter in <paramref name="registry"/> and computes them before each collection of it.</summary>
    public BusinessMetrics(CollectorRegistry registry, RealtimeHub hub, IOptionsMonitor<BusinessMetricsOptions> options, TimeProvider time, ILogger<BusinessMetrics> logger)
    {
        _time = time;
        _hub = hub;
        _options = options;
        _logger = logger;
        var factory = _factory = MetricsRegistry.Factory(registry);
        _dropped = factory.CreateCounter(
            "dashboard_metrics_series_dropped_total",
            "Business gauge series left out of a scrape because Metrics:MaxBusinessSeries was reached, summed over scrapes.");
        _gauges = new Gauge[Gauges.Length];
        for (var i = 0; i < Gauges.Length; i++)
        {
            _gauges[i] = factory.CreateGauge(Gauges[i].Name, Gauges[i].Help, BusinessSeriesReader.LabelNames[i]);
        }

        _kpiGauges[string.Join('\n', BusinessSeriesReader.LabelNames[(int)BusinessGauge.Kpi])] = _gauges[(int)BusinessGauge.Kpi];

        registry.AddBeforeCollectCallback(RefreshAsync);
    }

    /// <summary>Computations run so far (one per scrape, or per group of concurrent scrapes).</summary>
    internal long Computations => Interlocked.Read(ref _computations);

    /// <summary>Scrapes that joined a computation already running instead of starting one.</summary>
    internal long Joined => Interlocked.Read(ref _joined);

    /// <summary>Runs at the start of each computation (tests hold a computation open with it); null in the server.</summary>
    internal Action? Computing { get; set; }

    /// <summary>
    /// Longest a scrape waits for the business gauges' computation, 5 s (half Prometheus' default <c>scrape_timeout</c>,
    /// docs/observability.md); tests shorten it.
    /// </summary>
    internal TimeSpan ComputationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Computes the gauges now (on the thread pool), or joins the computation already running; either way waits for it
    /// at most <see cref="ComputationTimeout"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">The scrape was aborted while waiting.</exception>
    internal Task RefreshAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource mine;
        lock (_gate)
        {
            if (_inFlight is { } running)
            {
                Interlocked.Increment(ref _joined);
                return WaitAsync(running.Task, cancellationToken);
            }

            mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight = mine;
        }

        _ = Task.Run(() => Compute(mine), CancellationToken.None);
        return WaitAsync(mine.Task, cancellationToken);
    }

    private async Task WaitAsync(Task computation, CancellationToken cancellationToken)
    {
        var timeout = ComputationTimeout;
        try
        {
            await computation.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogComputationSlow(timeout.TotalSeconds);
        }
    }

    // Never throws: whatever happens, the computation ends by releasing the scrapes waiting for it.
    private void Compute(TaskCompletionSource mine)
    {
        try
        {
            Refresh();
        }
        catch (Exception ex)
        {
            // Exporting the previous values as if current would be worse than exporting none.
            LogComputationFailed(ex);
            RemoveAll();
        }
        finally
        {
            lock (_gate)
            {
                _inFlight = null;
            }

            mine.SetResult();
        }
    }

    // Only one Refresh runs at a time (the gate above), so _exported belongs to it.
    private void Refresh()
    {
        Computing?.Invoke();
        var samples = BusinessSeriesReader.Read(_hub, _time.GetUtcNow().UtcDateTime);
        var kept = Math.Min(_options.CurrentValue.MaxBusinessSeries, samples.Count);
        var current = new Dictionary<Gauge, HashSet<string[]>>();
        for (var i = 0; i < kept; i++)
        {
            var s = samples[i];
            var gauge = s.LabelNames is { } names ? KpiGauge(names) : _gauges[(int)s.Gauge];
            gauge.WithLabels(s.LabelValues).Set(s.Value);
            if (!current.TryGetValue(gauge, out var set))
            {
                current[gauge] = set = new HashSet<string[]>(LabelValuesComparer.Instance);
            }

            set.Add(s.LabelValues);
        }

        foreach (var (gauge, exported) in _exported)
        {
            foreach (var gone in exported)
            {
                if (!current.TryGetValue(gauge, out var set) || !set.Contains(gone))
                {
                    gauge.RemoveLabelled(gone);
                }
            }
        }

        _exported = current;
        if (samples.Count > kept)
        {
            _dropped.Inc(samples.Count - kept);
        }

        Interlocked.Increment(ref _computations);
    }

    private void RemoveAll()
    {
        foreach (var (gauge, exported) in _exported)
        {
            foreach (var labels in exported)
            {
                gauge.RemoveLabelled(labels);
            }
        }

        _exported = [];
    }

    // The dashboard_kpi collector of one label-name set, created on first use (prometheus-net keeps them in one family).
    private Gauge KpiGauge(string[] names)
    {
        var key = string.Join('\n', names);
        if (!_kpiGauges.TryGetValue(key, out var gauge))
        {
            var (name, help) = Gauges[(int)BusinessGauge.Kpi];
            _kpiGauges[key] = gauge = _factory.CreateGauge(name, help, names);
        }

        return gauge;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Computing the business gauges failed; this scrape exports none")]
    private partial void LogComputationFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing the business gauges took longer than {TimeoutSeconds} s; this scrape exports them as the last finished computation left them")]
    private partial void LogComputationSlow(double timeoutSeconds);

    private sealed class LabelValuesComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelValuesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] values)
        {
            var hash = default(HashCode);
            foreach (var value in values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}

using System.Diagnostics.Metrics;
using Dashboard.Realtime;
using Microsoft.Extensions.Options;

namespace Dashboard.Observability;

/// <summary>
/// Business gauges per tenant, queue and campaign (meter <c>Dashboard</c>), computed at scrape time from this node's hub:
/// the newest <c>calls</c>, <c>agents</c>, <c>queue</c> and <c>campaigns</c> snapshots the campaign metrics job published
/// (every node applies every published message through the backplane, so every node exports the same values, whichever
/// node ran the tick; they are exactly what a REST poll of this node answers). A tenant with no snapshot yet has no series.
/// </summary>
/// <remarks>
/// One read of the hub serves all gauges of a collection: the first callback of each collection reads it (a gauge whose
/// callback already consumed the current read marks a new collection). At most <c>Metrics:MaxBusinessSeries</c> series
/// are exported, in <see cref="BusinessGauge"/> order (tenant-wide first, campaigns last); the rest are dropped and
/// added to <c>dashboard_metrics_series_dropped_total</c> at each collection that drops them.
/// </remarks>
public sealed class BusinessMetrics
{
    private static readonly (BusinessGauge Gauge, string Name, string? Unit, string Help)[] Gauges =
    [
        (BusinessGauge.TenantActiveCalls, "dashboard_tenant_active_calls", null, "Active calls of the tenant (started, not ended; campaign or not)."),
        (BusinessGauge.Agents, "dashboard_agents", null, "Agents of the tenant by current status (available, on_call, after_call_work, busy, offline)."),
        (BusinessGauge.AgentOccupancy, "dashboard_agent_occupancy_ratio", null, "Agent occupancy since 00:00 UTC: (on call + after-call work) / (available + on call + after-call work) time; absent with no such time."),
        (BusinessGauge.QueueCallsWaiting, "dashboard_queue_calls_waiting", null, "Callers waiting in the queue now."),
        (BusinessGauge.QueueLongestWait, "dashboard_queue_longest_wait", "s", "Wait of the queue's oldest waiting caller; 0 when nobody waits."),
        (BusinessGauge.QueueServiceLevel, "dashboard_queue_service_level_ratio", null, "Calls answered within the queue's threshold / calls offered, since 00:00 UTC; absent before the first offered call."),
        (BusinessGauge.QueueAbandonment, "dashboard_queue_abandonment_ratio", null, "Abandoned / offered calls since 00:00 UTC; absent before the first offered call."),
        (BusinessGauge.QueueAgents, "dashboard_queue_agents", null, "Agents listing the queue, by current status."),
        (BusinessGauge.CampaignActiveCalls, "dashboard_campaign_active_calls", null, "Active calls of the campaign."),
        (BusinessGauge.CampaignQueueDepth, "dashboard_campaign_queue_depth", null, "Contacts the campaign's dialer still has to dial (campaign.updated queueDepth)."),
        (BusinessGauge.CampaignDialingRate, "dashboard_campaign_dialing_rate", null, "Call attempts per second over the last 60 s."),
        (BusinessGauge.CampaignAnswerRatio, "dashboard_campaign_answer_ratio", null, "Answered / attempted calls of the campaign; absent before the first attempt."),
        (BusinessGauge.CampaignConversionRatio, "dashboard_campaign_conversion_ratio", null, "Converted / answered calls of the campaign; absent before the first answer."),
    ];

    // Indexed by BusinessGauge: Gauges[(int)g].Gauge == g.
    private readonly RealtimeHub _hub;
    private readonly IOptionsMonitor<BusinessMetricsOptions> _options;
    private readonly Counter<long> _dropped;
    private readonly Lock _gate = new();
    private readonly bool[] _consumed = new bool[Gauges.Length];
    private List<Measurement<double>>[]? _current;

    /// <summary>Creates the observable gauges and the drop counter on the host's <c>Dashboard</c> meter.</summary>
    public BusinessMetrics(IMeterFactory meterFactory, RealtimeHub hub, IOptionsMonitor<BusinessMetricsOptions> options)
    {
        _hub = hub;
        _options = options;
        var meter = meterFactory.Create(DashboardMetrics.MeterName);
        _dropped = meter.CreateCounter<long>(
            "dashboard_metrics_series_dropped",
            description: "Business gauge series left out of a scrape because Metrics:MaxBusinessSeries was reached, summed over scrapes.");
        for (var i = 0; i < Gauges.Length; i++)
        {
            var index = i;
            meter.CreateObservableGauge(Gauges[i].Name, () => Observe(index), Gauges[i].Unit, Gauges[i].Help);
        }
    }

    private List<Measurement<double>> Observe(int index)
    {
        lock (_gate)
        {
            if (_current is null || _consumed[index])
            {
                _current = Collect();
                System.Array.Clear(_consumed);
            }

            _consumed[index] = true;
            return _current[index];
        }
    }

    private List<Measurement<double>>[] Collect()
    {
        var byGauge = new List<Measurement<double>>[Gauges.Length];
        for (var i = 0; i < byGauge.Length; i++)
        {
            byGauge[i] = [];
        }

        var samples = BusinessSeriesReader.Read(_hub);
        var cap = _options.CurrentValue.MaxBusinessSeries;
        var kept = Math.Min(cap, samples.Count);
        for (var i = 0; i < kept; i++)
        {
            var s = samples[i];
            byGauge[(int)s.Gauge].Add(new Measurement<double>(s.Value, s.Labels));
        }

        if (samples.Count > kept)
        {
            _dropped.Add(samples.Count - kept);
        }

        return byGauge;
    }
}

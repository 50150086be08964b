using Dashboard.Realtime;
using Microsoft.Extensions.Options;

namespace Dashboard.Alerts.Evaluation;

/// <summary>
/// Whether this node's hub holds the snapshots a pass reads (docs/alert-states.md, "No data"): a freshly started node, or
/// one whose backplane connection dropped, must not take missing or old snapshots for no data and resolve (or fire)
/// everything. Ready once the backplane listener is connected and either a snapshot published within
/// <c>Alerts:MaxSnapshotAgeSeconds</c> has arrived, or the listener has been connected that long (whatever is older by
/// then really is stale). Stays ready while the listener stays connected.
/// </summary>
/// <param name="isListening">The backplane listener's state (<c>BackplaneListener.IsListening</c>).</param>
/// <param name="hub">This node's hub.</param>
/// <param name="options">The <c>Alerts</c> settings.</param>
internal sealed class AlertReadiness(Func<bool> isListening, RealtimeHub hub, IOptionsMonitor<AlertsOptions> options)
{
    // The topics the tick publishes: one fresh snapshot on any of them shows the cluster's tick reaches this node.
    private static readonly string[] TickTopics = [Topics.Metrics, Topics.Queue, Topics.Agents, Topics.Chat, Topics.Commerce, Topics.Kpis, Topics.Campaigns, Topics.CallStats];

    private readonly Lock _gate = new();
    private DateTimeOffset? _listeningSince;
    private bool _ready;

    /// <summary>True when a pass may run at <paramref name="now"/>.</summary>
    public bool IsReady(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!isListening())
            {
                _listeningSince = null;
                _ready = false;
                return false;
            }

            _listeningSince ??= now;
            if (_ready)
            {
                return true;
            }

            var maxAge = TimeSpan.FromSeconds(options.CurrentValue.MaxSnapshotAgeSeconds);
            _ready = now - _listeningSince >= maxAge
                || TickTopics.Any(topic => hub.Snapshots(topic).Any(s => now - s.Timestamp <= maxAge));
            return _ready;
        }
    }
}

using Dashboard.Calls;
using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Campaigns;

/// <summary>
/// Publishes a tenant's campaign payloads (<c>metrics</c>, <c>campaigns</c>, each <c>campaign:{id}</c>, <c>calls</c>'
/// <c>active_calls_update</c>) as hub snapshots, skipping unchanged ones (<see cref="SnapshotDeduplicator"/>), and keeps
/// which tenants the next tick must recompute even without new events.
/// </summary>
internal sealed class CampaignMetricsPublisher(RealtimePublisher publisher, IPublishedSnapshots hub)
{
    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);

    /// <summary>
    /// Tenants to recompute next tick even without new events: those whose last payloads had an active call or a
    /// non-zero dialing rate (if only to publish the value falling back to zero), and those whose <c>metrics</c> stream
    /// another node published on since this one did (its live set may have moved on there).
    /// </summary>
    public IReadOnlyCollection<string> TenantsToRecompute()
    {
        var tenants = new HashSet<string>(_snapshots.OverwrittenTenants(Topics.Metrics), StringComparer.Ordinal);
        lock (_gate)
        {
            tenants.UnionWith(_live);
        }

        return tenants;
    }

    /// <summary>Publishes what changed of <paramref name="metrics"/>; returns the number of messages published.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused a message.</exception>
    public async Task<int> PublishAsync(TenantCampaignMetrics metrics, CancellationToken cancellationToken)
    {
        var tenant = metrics.Tenant;
        var overview = metrics.Overview;
        var campaigns = metrics.Campaigns;
        var calls = metrics.ActiveCalls;
        List<SnapshotCandidate> candidates =
        [
            new(tenant, Topics.Metrics, CampaignMessageTypes.MetricsUpdate, overview, overview with { ComputedAt = default }),
            new(tenant, Topics.Campaigns, CampaignMessageTypes.CampaignsUpdate, campaigns,
                new CampaignsUpdate([.. campaigns.Campaigns.Select(c => c with { ComputedAt = default })], default) { CampaignCount = campaigns.CampaignCount }),
            .. metrics.EveryCampaign.Select(c => new SnapshotCandidate(
                tenant, Topics.Campaign(c.CampaignId), CampaignMessageTypes.MetricsUpdate, c, c with { ComputedAt = default })),
            new(tenant, Topics.Calls, CallMessageTypes.ActiveCallsUpdate, calls, calls with { ComputedAt = default }),
        ];

        lock (_gate)
        {
            if (overview.ActiveCalls > 0 || overview.DialingRate > 0 || calls.ActiveCalls > 0)
            {
                _live.Add(tenant);
            }
            else
            {
                _live.Remove(tenant);
            }
        }

        return await _snapshots.PublishChangedAsync(candidates, cancellationToken);
    }
}

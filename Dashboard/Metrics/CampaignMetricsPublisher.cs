using Dashboard.Realtime;

namespace Dashboard.Metrics;

/// <summary>
/// Publishes a tenant's campaign payloads as hub snapshots, skipping any payload identical to what this node last
/// published on that stream (ignoring <c>computedAt</c>), so a quiet tenant costs no messages.
/// </summary>
/// <remarks>
/// What was published lives in memory: after a restart everything is new, so every stream gets a fresh snapshot.
/// </remarks>
internal sealed class CampaignMetricsPublisher(RealtimeHub hub)
{
    private readonly Lock _gate = new();
    // The last payload published per stream, with computedAt cleared: compared by value, so an unchanged tick costs no
    // serialisation (the hub serialises only what is actually published).
    private readonly Dictionary<(string Tenant, string Topic), object> _published = [];
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);

    /// <summary>
    /// Tenants whose last payloads had an active call or a non-zero dialing rate: they must be recomputed next tick,
    /// if only to publish the value falling back to zero.
    /// </summary>
    public IReadOnlyCollection<string> LiveTenants
    {
        get
        {
            lock (_gate)
            {
                return [.. _live];
            }
        }
    }

    /// <summary>Publishes what changed of <paramref name="metrics"/>; returns the number of messages published.</summary>
    public int Publish(TenantCampaignMetrics metrics)
    {
        var tenant = metrics.Tenant;
        var count = 0;
        lock (_gate)
        {
            var overview = metrics.Overview;
            count += PublishIfChanged(tenant, Topics.Metrics, MetricMessageTypes.MetricsUpdate, overview, overview with { ComputedAt = default });

            var campaigns = metrics.Campaigns;
            var campaignsKey = new CampaignsUpdate([.. campaigns.Campaigns.Select(c => c with { ComputedAt = default })], default);
            count += PublishIfChanged(tenant, Topics.Campaigns, MetricMessageTypes.CampaignsUpdate, campaigns, campaignsKey);
            foreach (var campaign in campaigns.Campaigns)
            {
                count += PublishIfChanged(tenant, Topics.Campaign(campaign.CampaignId), MetricMessageTypes.MetricsUpdate, campaign, campaign with { ComputedAt = default });
            }

            var calls = metrics.ActiveCalls;
            count += PublishIfChanged(tenant, Topics.Calls, MetricMessageTypes.ActiveCallsUpdate, calls, calls with { ComputedAt = default });

            if (overview.ActiveCalls > 0 || overview.DialingRate > 0 || calls.ActiveCalls > 0)
            {
                _live.Add(tenant);
            }
            else
            {
                _live.Remove(tenant);
            }
        }

        return count;
    }

    private int PublishIfChanged<T>(string tenant, string topic, string type, T payload, T comparable)
        where T : notnull
    {
        if (_published.TryGetValue((tenant, topic), out var last) && comparable.Equals(last))
        {
            return 0;
        }

        hub.Publish(tenant, topic, type, payload, isSnapshot: true);
        _published[(tenant, topic)] = comparable;
        return 1;
    }
}

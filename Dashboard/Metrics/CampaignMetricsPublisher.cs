using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Metrics;

/// <summary>
/// Publishes a tenant's campaign payloads as hub snapshots, skipping any payload identical to what this node last
/// published on that stream (ignoring <c>computedAt</c>) when nothing else was published on it since, so a quiet tenant
/// costs no messages.
/// </summary>
/// <remarks>
/// What was published lives in memory with the seq it got. A stream whose newest snapshot on this node's hub is no longer
/// that one (another node ran the job meanwhile: clustered Quartz fires each tick on any node) is published again, because its
/// current snapshot may hold other values; so a restart, or the job moving to another node, costs one snapshot per
/// stream.
/// </remarks>
internal sealed class CampaignMetricsPublisher(RealtimePublisher publisher, RealtimeHub hub)
{
    private readonly Lock _gate = new();
    // The last payload published per stream, with computedAt cleared, and its seq: compared by value, so an unchanged
    // tick costs no serialisation (only what is actually published is serialised).
    private readonly Dictionary<(string Tenant, string Topic), (object Payload, long Seq)> _published = [];
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);

    /// <summary>
    /// Tenants to recompute next tick even without new events: those whose last payloads had an active call or a
    /// non-zero dialing rate (if only to publish the value falling back to zero), and those whose <c>metrics</c> stream
    /// another node published on since this one did (its live set may have moved on there).
    /// </summary>
    public IReadOnlyCollection<string> TenantsToRecompute()
    {
        lock (_gate)
        {
            var tenants = new HashSet<string>(_live, StringComparer.Ordinal);
            foreach (var ((tenant, topic), last) in _published)
            {
                if (topic == Topics.Metrics && hub.SnapshotSeq(tenant, topic) != last.Seq)
                {
                    tenants.Add(tenant);
                }
            }

            return tenants;
        }
    }

    /// <summary>Publishes what changed of <paramref name="metrics"/>; returns the number of messages published.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused a message.</exception>
    public async Task<int> PublishAsync(TenantCampaignMetrics metrics, CancellationToken cancellationToken)
    {
        var tenant = metrics.Tenant;
        var sent = new List<((string, string) Key, object Comparable, Task<long> Seq)>();
        lock (_gate)
        {
            var overview = metrics.Overview;
            PublishIfChanged(sent, tenant, Topics.Metrics, MetricMessageTypes.MetricsUpdate, overview, overview with { ComputedAt = default }, cancellationToken);

            var campaigns = metrics.Campaigns;
            var campaignsKey = new CampaignsUpdate([.. campaigns.Campaigns.Select(c => c with { ComputedAt = default })], default);
            PublishIfChanged(sent, tenant, Topics.Campaigns, MetricMessageTypes.CampaignsUpdate, campaigns, campaignsKey, cancellationToken);
            foreach (var campaign in campaigns.Campaigns)
            {
                PublishIfChanged(sent, tenant, Topics.Campaign(campaign.CampaignId), MetricMessageTypes.MetricsUpdate, campaign, campaign with { ComputedAt = default }, cancellationToken);
            }

            var calls = metrics.ActiveCalls;
            PublishIfChanged(sent, tenant, Topics.Calls, MetricMessageTypes.ActiveCallsUpdate, calls, calls with { ComputedAt = default }, cancellationToken);

            if (overview.ActiveCalls > 0 || overview.DialingRate > 0 || calls.ActiveCalls > 0)
            {
                _live.Add(tenant);
            }
            else
            {
                _live.Remove(tenant);
            }
        }

        foreach (var (key, comparable, seq) in sent)
        {
            var published = await seq;
            lock (_gate)
            {
                _published[key] = (comparable, published);
            }
        }

        return sent.Count;
    }

    private void PublishIfChanged<T>(
        List<((string, string) Key, object Comparable, Task<long> Seq)> sent, string tenant, string topic, string type, T payload, T comparable, CancellationToken ct)
        where T : notnull
    {
        var key = (tenant, topic);
        if (_published.TryGetValue(key, out var last) && comparable.Equals(last.Payload) && hub.SnapshotSeq(tenant, topic) == last.Seq)
        {
            return;
        }

        sent.Add((key, comparable, publisher.PublishAsync(tenant, topic, type, payload, isSnapshot: true, ct)));
    }
}

using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Metrics.Queues;

/// <summary>
/// Publishes a tenant's <c>queue_updated</c> and <c>agent_metrics</c> as hub snapshots, with the rules of
/// <see cref="CampaignMetricsPublisher"/>: a payload equal (ignoring <c>computedAt</c>) to what this node last published
/// on the stream, while that is still the stream's newest snapshot here, is skipped.
/// </summary>
/// <remarks>
/// A tenant that has never had a queue or an agent gets no snapshot at all (an outbound-only tenant costs no messages);
/// once a stream has a snapshot, an empty payload is published like any other, so yesterday's numbers are replaced at
/// midnight.
/// </remarks>
internal sealed class QueueMetricsPublisher(RealtimePublisher publisher, RealtimeHub hub)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Topic), (object Payload, long Seq)> _published = [];

    /// <summary>Publishes what changed of <paramref name="metrics"/>; returns the number of messages published.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused a message.</exception>
    public async Task<int> PublishAsync(TenantQueueMetrics metrics, CancellationToken cancellationToken)
    {
        var tenant = metrics.Tenant;
        var sent = new List<((string, string) Key, object Comparable, Task<long> Seq)>();
        lock (_gate)
        {
            var queue = metrics.Queue;
            PublishIfChanged(sent, tenant, Topics.Queue, QueueMessageTypes.QueueUpdated, queue, queue with { ComputedAt = default }, metrics.IsEmpty, cancellationToken);
            var agents = metrics.Agents;
            PublishIfChanged(sent, tenant, Topics.Agents, QueueMessageTypes.AgentMetrics, agents, agents with { ComputedAt = default }, metrics.IsEmpty, cancellationToken);
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
        List<((string, string) Key, object Comparable, Task<long> Seq)> sent, string tenant, string topic, string type, T payload, T comparable, bool empty, CancellationToken ct)
        where T : notnull
    {
        var key = (tenant, topic);
        var snapshotSeq = hub.SnapshotSeq(tenant, topic);
        if (empty && snapshotSeq == 0)
        {
            return;
        }

        if (_published.TryGetValue(key, out var last) && comparable.Equals(last.Payload) && snapshotSeq == last.Seq)
        {
            return;
        }

        sent.Add((key, comparable, publisher.PublishAsync(tenant, topic, type, payload, isSnapshot: true, ct)));
    }
}

using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Queues;

/// <summary>
/// Publishes a tenant's <c>queue_updated</c> and <c>agent_metrics</c> as hub snapshots, with the rules of
/// <see cref="SnapshotDeduplicator"/>: a payload equal (ignoring <c>computedAt</c>) to what this node last published
/// on the stream, while that is still the stream's newest snapshot here, is skipped.
/// </summary>
/// <remarks>
/// A tenant that has never had a queue or an agent gets no snapshot at all (an outbound-only tenant costs no messages);
/// once a stream has a snapshot, an empty payload is published like any other, so yesterday's numbers are replaced at
/// midnight.
/// </remarks>
internal sealed class QueueMetricsPublisher(RealtimePublisher publisher, IPublishedSnapshots hub)
{
    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);

    /// <summary>Publishes what changed of <paramref name="metrics"/>; returns the number of messages published.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused a message.</exception>
    public Task<int> PublishAsync(TenantQueueMetrics metrics, CancellationToken cancellationToken)
    {
        var (queue, agents) = (metrics.Queue, metrics.Agents);
        return _snapshots.PublishChangedAsync(
            [
                new(metrics.Tenant, Topics.Queue, QueueMessageTypes.QueueUpdated, queue, queue with { ComputedAt = default }, metrics.IsEmpty),
                new(metrics.Tenant, Topics.Agents, QueueMessageTypes.AgentMetrics, agents, agents with { ComputedAt = default }, metrics.IsEmpty),
            ],
            cancellationToken);
    }
}

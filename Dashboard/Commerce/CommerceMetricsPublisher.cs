using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Commerce;

/// <summary>
/// Publishes a tenant's <c>commerce_update</c> on topic <c>commerce</c> as a hub snapshot, with the rules of
/// <see cref="SnapshotDeduplicator"/>: a payload equal to what this node last published on the stream, ignoring
/// <c>computedAt</c> (<see cref="CommerceComparable"/>), is skipped (docs/protocol.md §5).
/// </summary>
/// <remarks>
/// A tenant that has never had commerce state gets no snapshot at all (a voice-only tenant costs no messages); once the
/// stream has a snapshot, an empty payload is published like any other, so yesterday's numbers are replaced at midnight.
/// </remarks>
internal sealed class CommerceMetricsPublisher(RealtimePublisher publisher, IPublishedSnapshots hub)
{
    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);

    /// <summary>Publishes <paramref name="metrics"/> if it changed; returns the number of messages published (0 or 1).</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused the message.</exception>
    public Task<int> PublishAsync(TenantCommerceMetrics metrics, CancellationToken cancellationToken) =>
        _snapshots.PublishChangedAsync(
            [new(metrics.Tenant, Topics.Commerce, CommerceMessageTypes.CommerceUpdate, metrics.Update, new CommerceComparable(metrics.Update), metrics.IsEmpty)],
            cancellationToken);
}

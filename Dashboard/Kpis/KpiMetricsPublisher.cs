using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Kpis;

/// <summary>
/// Publishes a tenant's <c>kpis_update</c> on topic <c>kpis</c> as a hub snapshot, with the rules of
/// <see cref="SnapshotDeduplicator"/>: a payload equal to what this node last published on the stream, ignoring
/// <c>computedAt</c> (<see cref="KpiComparable"/>), is skipped (docs/protocol.md §5).
/// </summary>
/// <remarks>
/// A tenant that has never had a series gets no snapshot at all; once the stream has one, an empty payload is published
/// like any other (the series were removed by the retention).
/// </remarks>
internal sealed class KpiMetricsPublisher(RealtimePublisher publisher, IPublishedSnapshots hub)
{
    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);

    /// <summary>Publishes <paramref name="metrics"/> if it changed; returns the number of messages published (0 or 1).</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused the message.</exception>
    public Task<int> PublishAsync(TenantKpiMetrics metrics, CancellationToken cancellationToken) =>
        _snapshots.PublishChangedAsync(
            [new(metrics.Tenant, Topics.Kpis, KpiMessageTypes.KpisUpdate, metrics.Update, new KpiComparable(metrics.Update), metrics.IsEmpty)],
            cancellationToken);
}

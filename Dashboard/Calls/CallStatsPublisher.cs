using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Calls;

/// <summary>
/// Publishes <c>call_stats_update</c> snapshots on <c>call_stats</c>, skipping unchanged ones
/// (<see cref="SnapshotDeduplicator"/>), so a quiet tenant costs no messages.
/// </summary>
internal sealed class CallStatsPublisher(RealtimePublisher publisher, IPublishedSnapshots hub)
{
    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);

    /// <summary>Publishes <paramref name="update"/> for <paramref name="tenant"/> unless unchanged; true when published.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused the message.</exception>
    public async Task<bool> PublishAsync(string tenant, CallStatsUpdate update, CancellationToken cancellationToken) =>
        await _snapshots.PublishChangedAsync(
            [new(tenant, Topics.CallStats, CallMessageTypes.CallStatsUpdate, update, update.WithoutTime())], cancellationToken) > 0;
}

using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Metrics.Calls;

/// <summary>
/// Publishes <c>call_stats_update</c> snapshots on <c>call_stats</c>, skipping a payload identical (ignoring
/// <c>computedAt</c>) to what this node last published for the tenant while that is still the hub's newest snapshot of
/// the stream, so a quiet tenant costs no messages.
/// </summary>
/// <remarks>
/// As in <see cref="CampaignMetricsPublisher"/>: what was published is kept in memory with its seq, and a stream whose
/// newest snapshot on this node's hub has another seq (another node of the cluster ran the job meanwhile) is published
/// again, because that snapshot may hold other values.
/// </remarks>
internal sealed class CallStatsPublisher(RealtimePublisher publisher, RealtimeHub hub)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (CallStatsUpdate Payload, long Seq)> _published = new(StringComparer.Ordinal);

    /// <summary>Publishes <paramref name="update"/> for <paramref name="tenant"/> unless unchanged; true when published.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused the message.</exception>
    public async Task<bool> PublishAsync(string tenant, CallStatsUpdate update, CancellationToken cancellationToken)
    {
        var comparable = update.WithoutTime();
        lock (_gate)
        {
            if (_published.TryGetValue(tenant, out var last) && comparable.Equals(last.Payload)
                && hub.SnapshotSeq(tenant, Topics.CallStats) == last.Seq)
            {
                return false;
            }
        }

        var seq = await publisher.PublishAsync(tenant, Topics.CallStats, CallMessageTypes.CallStatsUpdate, update, isSnapshot: true, cancellationToken);
        lock (_gate)
        {
            _published[tenant] = (comparable, seq);
        }

        return true;
    }
}

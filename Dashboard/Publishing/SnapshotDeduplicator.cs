using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Publishing;

/// <summary>
/// Publishes a job's snapshots through the backplane, skipping each one equal (by its comparable value, the payload with
/// <c>computedAt</c> cleared) to what this instance last published on the stream while that is still the stream's newest
/// snapshot on this node's hub, so a quiet tenant costs no messages.
/// </summary>
/// <remarks>
/// What was published lives in memory with the seq it got. A stream whose newest snapshot here has another seq (another
/// node ran the job meanwhile: clustered Quartz fires each run on any node) is published again, because that snapshot may
/// hold other values; so a restart, or a job moving to another node, costs one snapshot per stream. Comparing values
/// means an unchanged run serialises nothing.
/// </remarks>
internal sealed class SnapshotDeduplicator(RealtimePublisher publisher, IPublishedSnapshots hub)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Topic), (object Comparable, long Seq)> _published = [];

    /// <summary>
    /// Publishes the candidates that changed, queued in order before any is awaited (one backplane batch); returns how
    /// many were published.
    /// </summary>
    /// <exception cref="Npgsql.NpgsqlException">The backplane refused a message (nothing is recorded for it).</exception>
    public async Task<int> PublishChangedAsync(IEnumerable<SnapshotCandidate> candidates, CancellationToken ct)
    {
        var sent = new List<(SnapshotCandidate Candidate, Task<long> Seq)>();
        lock (_gate)
        {
            foreach (var c in candidates)
            {
                var snapshotSeq = hub.SnapshotSeq(c.Tenant, c.Topic);
                if (c.OnlyIfStreamExists && snapshotSeq == 0)
                {
                    continue;
                }

                if (_published.TryGetValue((c.Tenant, c.Topic), out var last) && snapshotSeq == last.Seq && c.Comparable.Equals(last.Comparable))
                {
                    continue;
                }

                sent.Add((c, publisher.PublishAsync(c.Tenant, c.Topic, c.Type, c.Payload, isSnapshot: true, ct)));
            }
        }

        foreach (var (c, seq) in sent)
        {
            var published = await seq;
            lock (_gate)
            {
                _published[(c.Tenant, c.Topic)] = (c.Comparable, published);
            }
        }

        return sent.Count;
    }

    /// <summary>The tenants whose <paramref name="topic"/> stream this instance published on and another publication (another node's) replaced since.</summary>
    public IReadOnlyList<string> OverwrittenTenants(string topic)
    {
        lock (_gate)
        {
            return [.. _published.Where(kv => kv.Key.Topic == topic && hub.SnapshotSeq(kv.Key.Tenant, topic) != kv.Value.Seq).Select(kv => kv.Key.Tenant)];
        }
    }
}

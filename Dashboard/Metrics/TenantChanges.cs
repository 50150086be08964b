using Npgsql;

namespace Dashboard.Metrics;

/// <summary>
/// The tenants whose folded changes the 1 s tick has not published yet (<c>fold_tenants.fold_seq &gt; published_seq</c>,
/// migration 0004). Kept in the database, not in the tick's memory, so a tick that fails after the fold committed, or a
/// node that dies there, leaves them for the next tick on whichever node runs it.
/// </summary>
internal sealed class TenantChanges(NpgsqlDataSource dataSource)
{
    /// <summary>Every tenant with unpublished changes, with the <c>fold_seq</c> read (a partial index keeps this small).</summary>
    public async Task<IReadOnlyDictionary<string, long>> UnpublishedAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT tenant, fold_seq FROM fold_tenants WHERE fold_seq > published_seq");
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>
    /// Records that the changes up to each tenant's <c>fold_seq</c> as read are published. A fold that committed since
    /// raised <c>fold_seq</c> past it, so its tenant stays unpublished.
    /// </summary>
    public async Task MarkPublishedAsync(IReadOnlyDictionary<string, long> published, CancellationToken ct)
    {
        if (published.Count == 0)
        {
            return;
        }

        await using var cmd = dataSource.CreateCommand(
            "UPDATE fold_tenants f SET published_seq = GREATEST(f.published_seq, u.seq) " +
            "FROM unnest($1::text[], $2::bigint[]) AS u(tenant, seq) WHERE f.tenant = u.tenant");
        cmd.Parameters.AddWithValue(published.Keys.ToArray());
        cmd.Parameters.AddWithValue(published.Values.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

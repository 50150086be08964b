using Npgsql;

namespace Dashboard.Folding;

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

        // Rows locked in tenant order, the order the fold's upsert takes them in too, so the two never deadlock.
        var ordered = published.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockRows = new NpgsqlCommand(
            "SELECT 1 FROM fold_tenants WHERE tenant = ANY($1) ORDER BY tenant COLLATE \"C\" FOR UPDATE", connection, tx))
        {
            lockRows.Parameters.AddWithValue(ordered.Select(kv => kv.Key).ToArray());
            await lockRows.ExecuteNonQueryAsync(ct);
        }

        await using (var update = new NpgsqlCommand(
            "UPDATE fold_tenants f SET published_seq = GREATEST(f.published_seq, u.seq) " +
            "FROM unnest($1::text[], $2::bigint[]) AS u(tenant, seq) WHERE f.tenant = u.tenant", connection, tx))
        {
            update.Parameters.AddWithValue(ordered.Select(kv => kv.Key).ToArray());
            update.Parameters.AddWithValue(ordered.Select(kv => kv.Value).ToArray());
            await update.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}

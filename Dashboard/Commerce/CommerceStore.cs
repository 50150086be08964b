using Dashboard.Calendar;
using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Commerce;

/// <summary>
/// Reads and writes the commerce tables (migrations 0010 and 0012) in the fold's transaction, a whole chunk per statement, and
/// applies a chunk's commerce events (<see cref="ApplyAsync"/>). Every caller holds the fold's lock (the watermark row),
/// so no two writers of these rows ever interleave.
/// </summary>
internal static class CommerceStore
{
    /// <summary>Loads what <paramref name="events"/> mention, folds them (<see cref="CommerceChunk"/>) and writes back what changed.</summary>
    /// <param name="connection">The fold's connection.</param>
    /// <param name="tx">The fold's transaction.</param>
    /// <param name="events">The chunk's commerce events, in any order.</param>
    /// <param name="now">The fold's clock: which business day <c>commerce_users_today</c> counts.</param>
    /// <param name="zones">Each tenant's business calendar.</param>
    /// <param name="ct">Cancels the statements.</param>
    /// <returns>The tenants whose commerce state the events touched.</returns>
    /// <exception cref="NpgsqlException">A statement failed; the caller's transaction (or savepoint) must be rolled back.</exception>
    public static async Task<IReadOnlyCollection<string>> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CommerceEvent> events, DateTime now, TenantTimeZones zones, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var chunk = new CommerceChunk(
            await LoadTransactionsAsync(connection, tx, CommerceChunk.TransactionKeys(events), ct),
            await LoadUsersAsync(connection, tx, CommerceChunk.UserKeys(events), ct));
        foreach (var e in events)
        {
            chunk.Apply(e);
        }

        var changes = chunk.Complete();
        await SaveTransactionsAsync(connection, tx, changes.Transactions, ct);
        await SaveTransactionTalliesAsync(connection, tx, changes, ct);
        await SaveUsersAsync(connection, tx, changes.Users, ct);
        await CommerceUsersToday.UpdateAsync(connection, tx, changes, now, zones, ct);
        await SaveContentAsync(connection, tx, changes, ct);
        return chunk.Tenants;
    }

    private static async Task<List<CommerceTransactionRow>> LoadTransactionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<(string Tenant, string TransactionId)> keys, CancellationToken ct)
    {
        var result = new List<CommerceTransactionRow>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT t.tenant, t.transaction_id, t.status, t.status_at, t.amount, t.currency, t.event_id, t.first_seen FROM commerce_transactions t " +
            "JOIN unnest($1::text[], $2::text[]) AS k(tenant, transaction_id) ON t.tenant = k.tenant AND t.transaction_id = k.transaction_id",
            connection, tx);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Tenant).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.TransactionId).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new CommerceTransactionRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3), reader.GetDecimal(4),
                reader.GetString(5), reader.GetString(6), reader.GetDateTime(7)));
        }

        return result;
    }

    private static async Task<List<CommerceUserRow>> LoadUsersAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<(string Tenant, string UserId)> keys, CancellationToken ct)
    {
        var result = new List<CommerceUserRow>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT u.tenant, u.user_id, u.last_active FROM commerce_users u " +
            "JOIN unnest($1::text[], $2::text[]) AS k(tenant, user_id) ON u.tenant = k.tenant AND u.user_id = k.user_id",
            connection, tx);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Tenant).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.UserId).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new CommerceUserRow(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2)));
        }

        return result;
    }

    private static async Task SaveTransactionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CommerceTransactionRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO commerce_transactions (tenant, transaction_id, status, status_at, amount, currency, event_id, first_seen)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[], $7::text[], $8::timestamptz[])
            ON CONFLICT (tenant, transaction_id) DO UPDATE SET
                status = EXCLUDED.status, status_at = EXCLUDED.status_at, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                event_id = EXCLUDED.event_id, first_seen = EXCLUDED.first_seen
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Tenant).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.TransactionId).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Status).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => (DateTime?)r.StatusAt)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.Amount).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Currency).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.EventId).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => (DateTime?)r.FirstSeen)));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // A −1 for a bucket retention has already deleted (a pending transaction older than Retention:RollupDays that moves
    // on) is dropped instead of leaving a negative row behind; the totals are never deleted, so the guard never fires there.
    private static async Task SaveTransactionTalliesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CommerceChanges changes, CancellationToken ct)
    {
        if (changes.TransactionBuckets.Count > 0)
        {
            var rows = changes.TransactionBuckets;
            await using var cmd = new NpgsqlCommand(
                """
                INSERT INTO commerce_transaction_buckets AS b (tenant, bucket, status, currency, transactions, amount)
                SELECT u.* FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[], $6::numeric[])
                    AS u(tenant, bucket, status, currency, transactions, amount)
                WHERE u.transactions > 0 OR EXISTS (
                    SELECT 1 FROM commerce_transaction_buckets x
                    WHERE x.tenant = u.tenant AND x.bucket = u.bucket AND x.status = u.status AND x.currency = u.currency)
                ON CONFLICT (tenant, bucket, status, currency) DO UPDATE SET
                    transactions = b.transactions + EXCLUDED.transactions, amount = b.amount + EXCLUDED.amount
                """,
                connection, tx);
            cmd.Parameters.AddWithValue(rows.Select(r => r.Tenant).ToArray());
            cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => (DateTime?)r.Bucket)));
            cmd.Parameters.AddWithValue(rows.Select(r => r.Status).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Currency).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Transactions).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Amount).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }

        if (changes.TransactionTotals.Count > 0)
        {
            var rows = changes.TransactionTotals;
            await using var cmd = new NpgsqlCommand(
                """
                INSERT INTO commerce_transaction_totals AS t (tenant, status, currency, transactions, amount)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::numeric[])
                ON CONFLICT (tenant, status, currency) DO UPDATE SET
                    transactions = t.transactions + EXCLUDED.transactions, amount = t.amount + EXCLUDED.amount
                """,
                connection, tx);
            cmd.Parameters.AddWithValue(rows.Select(r => r.Tenant).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Status).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Currency).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Transactions).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Amount).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task SaveUsersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CommerceUserChange> users, CancellationToken ct)
    {
        if (users.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO commerce_users (tenant, user_id, last_active)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
            ON CONFLICT (tenant, user_id) DO UPDATE SET last_active = EXCLUDED.last_active
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(users.Select(u => u.Tenant).ToArray());
        cmd.Parameters.AddWithValue(users.Select(u => u.UserId).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(users.Select(u => (DateTime?)u.LastActive)));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // The tenant's all-time totals (migration 0012) take the chunk's per-item deltas summed per tenant in the same
    // statement, so commerce_content_totals is always the sum of commerce_content and the tick reads one row, not every item.
    private static async Task SaveContentAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CommerceChanges changes, CancellationToken ct)
    {
        if (changes.Content.Count > 0)
        {
            await using var cmd = new NpgsqlCommand(
                """
                WITH d AS (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS d(tenant, content_id, views, purchases)),
                items AS (
                    INSERT INTO commerce_content AS c (tenant, content_id, views, purchases)
                    SELECT * FROM d
                    ON CONFLICT (tenant, content_id) DO UPDATE SET views = c.views + EXCLUDED.views, purchases = c.purchases + EXCLUDED.purchases)
                INSERT INTO commerce_content_totals AS t (tenant, views, purchases)
                SELECT tenant, sum(views), sum(purchases) FROM d GROUP BY tenant
                ON CONFLICT (tenant) DO UPDATE SET views = t.views + EXCLUDED.views, purchases = t.purchases + EXCLUDED.purchases
                """,
                connection, tx);
            cmd.Parameters.AddWithValue(changes.Content.Select(c => c.Tenant).ToArray());
            cmd.Parameters.AddWithValue(changes.Content.Select(c => c.ContentId).ToArray());
            cmd.Parameters.AddWithValue(changes.Content.Select(c => c.Views).ToArray());
            cmd.Parameters.AddWithValue(changes.Content.Select(c => c.Purchases).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }

        if (changes.ContentBuckets.Count > 0)
        {
            await using var cmd = new NpgsqlCommand(
                """
                INSERT INTO commerce_content_buckets AS c (tenant, bucket, views, purchases)
                SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::bigint[])
                ON CONFLICT (tenant, bucket) DO UPDATE SET views = c.views + EXCLUDED.views, purchases = c.purchases + EXCLUDED.purchases
                """,
                connection, tx);
            cmd.Parameters.AddWithValue(changes.ContentBuckets.Select(c => c.Tenant).ToArray());
            cmd.Parameters.Add(SqlArrays.Timestamps(changes.ContentBuckets.Select(c => (DateTime?)c.Bucket)));
            cmd.Parameters.AddWithValue(changes.ContentBuckets.Select(c => c.Views).ToArray());
            cmd.Parameters.AddWithValue(changes.ContentBuckets.Select(c => c.Purchases).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}

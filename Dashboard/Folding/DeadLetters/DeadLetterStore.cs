using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Folding.DeadLetters;

/// <summary>
/// The SQL of <c>dead_letters</c> (migration 0006): set aside, pick due retries, resolve, list, retry, discard
/// (docs/dead-letters.md). Every tenant-facing method is scoped to one tenant.
/// </summary>
public sealed class DeadLetterStore(NpgsqlDataSource dataSource)
{
    private const string EntryColumns =
        "id, event_source, event_id, event_type, stage, state, attempts, error, first_failed_at, last_failed_at, next_attempt_at";

    /// <summary>Inserts new entries in the caller's transaction (an event already set aside is left as it is).</summary>
    /// <remarks>
    /// Each entry starts with one failed attempt: <c>retrying</c> with its retry at <c>nextAttemptAt</c>, or
    /// <c>quarantined</c> when <c>quarantine</c> is true (the first failure already exhausts <c>DeadLetters:MaxAttempts</c>).
    /// </remarks>
    internal static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<DeadLetter> letters, DateTime now, DateTime? nextAttemptAt, bool quarantine, CancellationToken ct)
    {
        if (letters.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO dead_letters (tenant, event_txid, event_seq, event_source, event_id, event_type, state, attempts, error, sql_state,
                                      first_failed_at, last_failed_at, next_attempt_at)
            SELECT u.tenant, u.txid, u.seq, u.source, u.event_id, u.type, $9, 1, u.error, u.sql_state, $7, $7, $8
            FROM unnest($1::text[], $2::xid8[], $3::bigint[], $4::text[], $5::text[], $6::text[], $10::text[], $11::text[])
                 AS u(tenant, txid, seq, source, event_id, type, error, sql_state)
            ON CONFLICT (event_seq) DO NOTHING
            """, connection, tx);
        cmd.Parameters.AddWithValue(letters.Select(l => l.Tenant).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { Value = letters.Select(l => l.Txid).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(letters.Select(l => l.Seq).ToArray());
        cmd.Parameters.AddWithValue(letters.Select(l => l.Source).ToArray());
        cmd.Parameters.AddWithValue(letters.Select(l => l.EventId).ToArray());
        cmd.Parameters.AddWithValue(letters.Select(l => l.Type).ToArray());
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.Add(new NpgsqlParameter { Value = quarantine ? DBNull.Value : nextAttemptAt ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(quarantine ? "quarantined" : "retrying");
        cmd.Parameters.AddWithValue(letters.Select(l => l.Error).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { Value = letters.Select(l => l.SqlState).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Entries whose automatic retry is due, oldest due first, locked until the caller's transaction ends.</summary>
    internal static async Task<List<(long Id, ulong Txid, long Seq, int Attempts)>> LockDueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateTime now, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT id, event_txid, event_seq, attempts FROM dead_letters WHERE state = 'retrying' AND next_attempt_at <= $1 " +
            "ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED", connection, tx);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(limit);
        var due = new List<(long, ulong, long, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            due.Add((reader.GetInt64(0), reader.GetFieldValue<ulong>(1), reader.GetInt64(2), reader.GetInt32(3)));
        }

        return due;
    }

    /// <summary>Deletes entries (applied by a retry, or whose event retention removed) in the caller's transaction.</summary>
    internal static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand("DELETE FROM dead_letters WHERE id = ANY($1)", connection, tx);
        cmd.Parameters.AddWithValue(ids.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records another failed attempt: the next retry time, or quarantine when <paramref name="nextAttemptAt"/> is null.</summary>
    internal static async Task FailedAgainAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long id, int attempts, DeadLetter failure, DateTime now, DateTime? nextAttemptAt, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "UPDATE dead_letters SET attempts = $2, error = $3, sql_state = $4, last_failed_at = $5, next_attempt_at = $6, " +
            "state = CASE WHEN $6::timestamptz IS NULL THEN 'quarantined' ELSE 'retrying' END WHERE id = $1", connection, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(attempts);
        cmd.Parameters.AddWithValue(failure.Error);
        cmd.Parameters.Add(new NpgsqlParameter { Value = failure.SqlState ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.Add(new NpgsqlParameter { Value = nextAttemptAt ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A tenant's entries, newest first, at most <paramref name="limit"/>, with the tenant's counts.</summary>
    public async Task<(IReadOnlyList<DeadLetterEntry> Entries, DeadLetterCounts Counts)> ListAsync(string tenant, int limit, CancellationToken ct)
    {
        var entries = new List<DeadLetterEntry>();
        await using (var cmd = dataSource.CreateCommand($"SELECT {EntryColumns} FROM dead_letters WHERE tenant = $1 ORDER BY id DESC LIMIT $2"))
        {
            cmd.Parameters.AddWithValue(tenant);
            cmd.Parameters.AddWithValue(limit);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new DeadLetterEntry(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetInt32(6), reader.GetString(7), Utc(reader.GetDateTime(8)), Utc(reader.GetDateTime(9)),
                    reader.IsDBNull(10) ? null : Utc(reader.GetDateTime(10))));
            }
        }

        return (entries, await CountsAsync(tenant, ct));
    }

    /// <summary>Counts by state: one tenant's, or every tenant's when <paramref name="tenant"/> is null.</summary>
    public async Task<DeadLetterCounts> CountsAsync(string? tenant, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE state = 'retrying'), count(*) FILTER (WHERE state = 'quarantined') FROM dead_letters " +
            "WHERE $1::text IS NULL OR tenant = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenant ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DeadLetterCounts(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Makes a tenant's entry due now with a fresh set of attempts. False when it does not exist.</summary>
    public async Task<bool> RetryAsync(string tenant, long id, DateTime now, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE dead_letters SET state = 'retrying', attempts = 0, next_attempt_at = $3 WHERE tenant = $1 AND id = $2");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(now);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Deletes a tenant's entry: its event stays stored but is never folded. False when it does not exist.</summary>
    public async Task<bool> DiscardAsync(string tenant, long id, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM dead_letters WHERE tenant = $1 AND id = $2");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

using Npgsql;

namespace Dashboard.Notifications;

/// <summary>
/// Read marks per user (table <c>notification_reads</c>, docs/notifications.md): the user is the token's <c>sub</c>, so
/// two people of a tenant read independently. A mark is never removed but by retention; marking twice keeps the first.
/// </summary>
internal sealed class NotificationReadMarks(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>
    /// Marks notification <paramref name="id"/> of <paramref name="tenant"/> read for <paramref name="subject"/>; false when
    /// the tenant has no such notification (nothing written). Idempotent.
    /// </summary>
    /// <exception cref="NpgsqlException">The statement failed.</exception>
    public async Task<bool> MarkAsync(string tenant, string subject, long id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            WITH n AS (SELECT id FROM notifications WHERE tenant = $1 AND id = $3), marked AS (
                INSERT INTO notification_reads (tenant, subject, notification_id, read_at)
                SELECT $1, $2, n.id, $4 FROM n
                ON CONFLICT (tenant, subject, notification_id) DO NOTHING
            )
            SELECT count(*) FROM n
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow().UtcDateTime });
        return (long)(await command.ExecuteScalarAsync(ct))! > 0;
    }

    /// <summary>
    /// Marks the newest <see cref="NotificationMessages.MaxItems"/> notifications of <paramref name="tenant"/> read for
    /// <paramref name="subject"/> — of those, only ids ≤ <paramref name="upToId"/> when given (the newest a client showed:
    /// the window is the newest 100 now, the bound what the user saw); returns how many were not marked before.
    /// </summary>
    /// <exception cref="NpgsqlException">The statement failed.</exception>
    public async Task<int> MarkAllAsync(string tenant, string subject, long? upToId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO notification_reads (tenant, subject, notification_id, read_at)
            SELECT $1, $2, n.id, $4 FROM (SELECT id FROM notifications WHERE tenant = $1 ORDER BY id DESC LIMIT $3) n
            WHERE $5::bigint IS NULL OR n.id <= $5
            ON CONFLICT (tenant, subject, notification_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        command.Parameters.Add(new NpgsqlParameter { Value = NotificationMessages.MaxItems });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow().UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)upToId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        return await command.ExecuteNonQueryAsync(ct);
    }
}

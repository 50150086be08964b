using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// Holds event inserts back on purpose: a session holding <c>LOCK TABLE events IN SHARE MODE</c> keeps every
/// <c>INSERT INTO events</c> waiting, so a test decides what queues behind the in-flight statements instead of hoping for
/// a race (group commit, shared statements).
/// </summary>
internal static class EventsTableLock
{
    /// <summary>A transaction holding a lock that conflicts with <c>INSERT</c>'s, released (rolled back) when disposed.</summary>
    public static async Task<NpgsqlConnection> TakeAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand("BEGIN; LOCK TABLE events IN SHARE MODE", connection))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        return connection;
    }

    /// <summary>Completes once at least <paramref name="count"/> event inserts wait for a lock; fails after <paramref name="bound"/>.</summary>
    public static Task WaitForBlockedInsertsAsync(string connectionString, int count, TimeSpan bound) => Poll.UntilAsync(
        async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND position('INSERT INTO events (' in query) > 0", connection);
            return (long)(await cmd.ExecuteScalarAsync())! >= count;
        },
        bound,
        $"{count} event inserts waiting for a lock");
}

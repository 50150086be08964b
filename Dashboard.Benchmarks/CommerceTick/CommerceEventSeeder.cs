using Npgsql;

namespace Dashboard.Benchmarks.CommerceTick;

/// <summary>
/// Stores a shop history straight into <c>events</c> (as ingestion would have) across <see cref="Tenants"/> tenants:
/// <list type="bullet">
/// <item>per transaction over the 30 days before <c>now − 1 h</c>: <c>transaction.updated</c> <c>pending</c>, 8 s later
/// <c>completed</c> (9 in 10; the rest <c>failed</c>), for 1 in 25 a <c>refunded</c> an hour later, and for each completed
/// one <c>content.purchased</c>; amounts 0.99–49.99, 3 in 5 in EUR and the rest in USD;</item>
/// <item><see cref="UsersToday"/> distinct users of <see cref="BusyTenant"/> with a <c>user.active</c> spread over today
/// (UTC) before <c>now − 6 min</c>, so they count today but not now.</item>
/// </list>
/// <see cref="SeedRecentAsync"/> adds the users active in the last 5 minutes just before the ticks are timed, so they are
/// still "now" when measured. The fold then builds the commerce tables (Dashboard/Storage/Migrations/0010_commerce.sql).
/// </summary>
internal static class CommerceEventSeeder
{
    public const int Tenants = 10;
    public const string BusyTenant = "shop-000";
    public const long UsersToday = 1_000_000;
    public const int UsersNow = 3_000;
    private const long RowsPerStatement = 250_000;

    /// <summary>Inserts the events of <paramref name="transactions"/> transactions and of the users active today; returns the events stored.</summary>
    public static async Task<long> SeedAsync(string connectionString, long transactions, long usersToday, DateTime now, CancellationToken ct)
    {
        var end = now.AddHours(-1);
        var start = end.AddDays(-30);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        for (long lo = 1; lo <= transactions; lo += RowsPerStatement)
        {
            await ExecuteAsync(dataSource, TransactionSql, ct, lo, Math.Min(transactions, lo + RowsPerStatement - 1), transactions, start, (end - start).TotalSeconds);
        }

        var dayStart = now.Date;
        var todaySeconds = Math.Max(60, (now.AddMinutes(-6) - dayStart).TotalSeconds);
        for (long lo = 1; lo <= usersToday; lo += RowsPerStatement)
        {
            await ExecuteAsync(dataSource, UsersSql, ct, lo, Math.Min(usersToday, lo + RowsPerStatement - 1), usersToday, dayStart, todaySeconds);
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM events");
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary><see cref="UsersNow"/> of today's users active again in the last 4 minutes (a busy shop's "visitors right now").</summary>
    public static Task SeedRecentAsync(NpgsqlDataSource dataSource, CancellationToken ct) =>
        ExecuteAsync(dataSource, RecentSql, ct, UsersNow, BusyTenant);

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        foreach (var p in parameters)
        {
            cmd.Parameters.AddWithValue(p);
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    // $1..$2: the transactions of this statement; $3: all of them; $4: the history's start; $5: its length in seconds.
    private static readonly string TransactionSql = $"""
        INSERT INTO events (tenant, source, event_id, type, subject, time, data)
        SELECT c.tenant, 'bench', 't' || i || '-' || e.k, e.type, c.tid, e.at, e.data
        FROM generate_series($1::bigint, $2::bigint) AS i,
             LATERAL (SELECT $4::timestamptz + make_interval(secs => i::float8 / $3 * $5) AS t0,
                             'shop-' || lpad((i % {Tenants})::text, 3, '0') AS tenant, 't' || i AS tid,
                             (ARRAY[0.99, 1.99, 2.99, 4.99, 7.99, 9.99, 14.99, 19.99, 29.99, 49.99])[1 + (i / 7) % 10]::numeric AS amount,
                             CASE WHEN i % 5 < 3 THEN 'EUR' ELSE 'USD' END AS currency) c,
             LATERAL (VALUES
                (1, 'transaction.updated', c.t0, jsonb_build_object('transactionId', c.tid, 'amount', c.amount, 'currency', c.currency, 'status', 'pending')),
                (2, 'transaction.updated', c.t0 + interval '8 seconds',
                    jsonb_build_object('transactionId', c.tid, 'amount', c.amount, 'currency', c.currency, 'status', CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'completed' END)),
                (3, 'transaction.updated', c.t0 + interval '1 hour', jsonb_build_object('transactionId', c.tid, 'amount', c.amount, 'currency', c.currency, 'status', 'refunded')),
                (4, 'content.purchased', c.t0 + interval '8 seconds', jsonb_build_object('contentId', 'content-' || (i % 300), 'amount', c.amount, 'currency', c.currency))
             ) AS e(k, type, at, data)
        WHERE e.k <= 2 OR (e.k = 3 AND i % 25 = 1) OR (e.k = 4 AND i % 10 <> 0)
        """;

    // $1..$2: the users of this statement; $3: all of them; $4: today's start; $5: seconds of today before now − 6 min.
    private static readonly string UsersSql = $"""
        INSERT INTO events (tenant, source, event_id, type, subject, time, data)
        SELECT '{BusyTenant}', 'bench', 'u' || u, 'user.active', 'user-' || u, $4::timestamptz + make_interval(secs => u::float8 / $3 * $5),
               jsonb_build_object('userId', 'user-' || u)
        FROM generate_series($1::bigint, $2::bigint) AS u
        """;

    // $1: how many; $2: the tenant. Times spread over the last 4 minutes.
    private const string RecentSql = """
        INSERT INTO events (tenant, source, event_id, type, subject, time, data)
        SELECT $2, 'bench', 'recent-' || u, 'user.active', 'user-' || u, now() - make_interval(secs => (u % 240)::float8),
               jsonb_build_object('userId', 'user-' || u)
        FROM generate_series(1, $1::int) AS u
        """;
}

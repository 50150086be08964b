using Dashboard.Calendar;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// Writes the commerce rows the fold would (migrations 0010 and 0012) for one tenant, so the metrics' SQL is tested
/// without it. Each transaction is new (no status change): its row, +1 in its quarter-hour bucket and in the totals.
/// </summary>
internal sealed class CommerceTestRows(NpgsqlDataSource dataSource, string tenant)
{
    /// <summary>A new transaction in <paramref name="status"/> since <paramref name="statusAt"/>, counted in its bucket and the totals.</summary>
    public Task TransactionAsync(string id, string status, decimal amount, string currency, DateTime statusAt) =>
        ExecuteAsync(
            """
            WITH t AS (
                INSERT INTO commerce_transactions (tenant, transaction_id, status, status_at, amount, currency, event_id, first_seen)
                VALUES ($1, $2, $3, $4, $5, $6, $2, $4) RETURNING tenant),
            b AS (
                INSERT INTO commerce_transaction_buckets AS b (tenant, bucket, status, currency, transactions, amount)
                VALUES ($1, $7, $3, $6, 1, $5)
                ON CONFLICT (tenant, bucket, status, currency) DO UPDATE SET transactions = b.transactions + 1, amount = b.amount + EXCLUDED.amount)
            INSERT INTO commerce_transaction_totals AS o (tenant, status, currency, transactions, amount)
            VALUES ($1, $3, $6, 1, $5)
            ON CONFLICT (tenant, status, currency) DO UPDATE SET transactions = o.transactions + 1, amount = o.amount + EXCLUDED.amount
            """,
            Text(tenant), Text(id), Text(status), Time(statusAt), new NpgsqlParameter { Value = amount, NpgsqlDbType = NpgsqlDbType.Numeric },
            Text(currency), Time(QuarterHours.Of(statusAt)));

    /// <summary>A user whose newest activity is <paramref name="lastActive"/>.</summary>
    public Task UserAsync(string userId, DateTime lastActive) =>
        ExecuteAsync(
            "INSERT INTO commerce_users (tenant, user_id, last_active) VALUES ($1, $2, $3) ON CONFLICT (tenant, user_id) DO UPDATE SET last_active = EXCLUDED.last_active",
            Text(tenant), Text(userId), Time(lastActive));

    /// <summary>The fold's count of users active since <paramref name="dayStart"/>.</summary>
    public Task UsersTodayAsync(DateTime dayStart, long users) =>
        ExecuteAsync(
            "INSERT INTO commerce_users_today (tenant, day_start, users) VALUES ($1, $2, $3) ON CONFLICT (tenant) DO UPDATE SET day_start = EXCLUDED.day_start, users = EXCLUDED.users",
            Text(tenant), Time(dayStart), new NpgsqlParameter { Value = users });

    /// <summary><paramref name="views"/> views and <paramref name="purchases"/> purchases of one item at <paramref name="at"/> (its row, its bucket and the tenant's totals).</summary>
    public Task ContentAsync(string contentId, long views, long purchases, DateTime at) =>
        ExecuteAsync(
            """
            WITH c AS (
                INSERT INTO commerce_content AS c (tenant, content_id, views, purchases) VALUES ($1, $2, $3, $4)
                ON CONFLICT (tenant, content_id) DO UPDATE SET views = c.views + EXCLUDED.views, purchases = c.purchases + EXCLUDED.purchases),
            o AS (
                INSERT INTO commerce_content_totals AS o (tenant, views, purchases) VALUES ($1, $3, $4)
                ON CONFLICT (tenant) DO UPDATE SET views = o.views + EXCLUDED.views, purchases = o.purchases + EXCLUDED.purchases)
            INSERT INTO commerce_content_buckets AS b (tenant, bucket, views, purchases) VALUES ($1, $5, $3, $4)
            ON CONFLICT (tenant, bucket) DO UPDATE SET views = b.views + EXCLUDED.views, purchases = b.purchases + EXCLUDED.purchases
            """,
            Text(tenant), Text(contentId), new NpgsqlParameter { Value = views }, new NpgsqlParameter { Value = purchases }, Time(QuarterHours.Of(at)));

    /// <summary>Marks the tenant as having folded changes to publish, as the fold does in the transaction that writes its rows.</summary>
    public Task ChangedAsync() =>
        ExecuteAsync("INSERT INTO fold_tenants AS f (tenant, fold_seq) VALUES ($1, 1) ON CONFLICT (tenant) DO UPDATE SET fold_seq = f.fold_seq + 1", Text(tenant));

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTime value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private async Task ExecuteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddRange(parameters);
        await cmd.ExecuteNonQueryAsync();
    }
}

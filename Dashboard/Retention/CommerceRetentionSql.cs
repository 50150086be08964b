namespace Dashboard.Retention;

/// <summary>
/// The retention deletes of the commerce tables (migration 0010, docs/architecture.md §8): users and settled transactions older
/// than <c>Retention:Days</c>, quarter-hour buckets older than <c>Retention:RollupDays</c>, per-minute peaks older than
/// <see cref="ActiveMinutesAge"/>. Each is one batch of at most <c>$2</c> rows older than <c>$1</c>, run in a loop by
/// <see cref="RetentionSweeper"/>. The all-time tables (<c>commerce_transaction_totals</c>, <c>commerce_content</c>,
/// <c>commerce_content_totals</c>) and <c>commerce_users_today</c> are never deleted: the all-time figures stay all-time.
/// </summary>
/// <remarks>
/// Ingestion refuses events older than <c>Retention:Days</c>, so any event that arrives for a deleted transaction is newer
/// than everything the deleted row held and its status wins as it would have. But the fold no longer sees the old row: the
/// transaction starts again as new, and where it counted before (its old status in the all-time totals, and in its
/// bucket while that is kept) is not taken back. A refund arriving more than <c>Retention:Days</c> after its completion
/// therefore adds a refunded transaction without taking the revenue out (docs/events.md §4): keep <c>Retention:Days</c>
/// longer than the refund window. Pending transactions are kept whatever their age, so a payment that settles late is
/// always moved, never counted twice. A deleted user who comes back is simply new (nothing is counted per user).
/// </remarks>
internal static class CommerceRetentionSql
{
    /// <summary>How long the per-minute peaks of active users are kept: <c>peak24h</c> and the trend read 24 hours.</summary>
    public static readonly TimeSpan ActiveMinutesAge = TimeSpan.FromDays(2);

    // Through commerce_users_by_activity (tenant, last_active).
    public static readonly string Users = RetentionSweeper.PerTenantSql("commerce_users", ["user_id"], "last_active < $1");

    // Settled (any status but pending) before the cutoff. Completed ones are found through commerce_transactions_completed;
    // failed and refunded ones by a scan of the tenant's rows, once per run when none is left (no index is kept for them:
    // it would cost every fold write for a daily delete).
    public static readonly string Transactions =
        RetentionSweeper.PerTenantSql("commerce_transactions", ["transaction_id"], "status <> 'pending' AND status_at < $1");

    // Through commerce_transaction_buckets_by_bucket.
    public const string TransactionBuckets = """
        DELETE FROM commerce_transaction_buckets b USING (
            SELECT tenant, bucket, status, currency FROM commerce_transaction_buckets WHERE bucket < $1 LIMIT $2
        ) old
        WHERE b.tenant = old.tenant AND b.bucket = old.bucket AND b.status = old.status AND b.currency = old.currency
        """;

    // Through the primary keys (tenant, bucket) and (tenant, minute).
    public static readonly string ContentBuckets = PerTenantKeyOlderThan("commerce_content_buckets", "bucket");

    public static readonly string ActiveMinutes = PerTenantKeyOlderThan("commerce_active_minutes", "minute");

    // RetentionSweeper.PerTenantSql re-checks its predicate on the deleted row, which cannot name a key column (it is in
    // both sides of the join); a time that is the key never changes, so there is nothing to re-check.
    private static string PerTenantKeyOlderThan(string table, string key) => $"""
        DELETE FROM {table} r USING (
            SELECT t.tenant, x.{key}
            FROM fold_tenants t
            CROSS JOIN LATERAL (SELECT {key} FROM {table} WHERE tenant = t.tenant AND {key} < $1 LIMIT $2) x
            LIMIT $2
        ) old
        WHERE r.tenant = old.tenant AND r.{key} = old.{key}
        """;
}

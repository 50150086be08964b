namespace Dashboard.Commerce;

/// <summary>What one chunk changed in the commerce tables (migration 0010).</summary>
/// <param name="Transactions">Transactions whose row changed (complete new state).</param>
/// <param name="TransactionBuckets">Non-zero deltas of <c>commerce_transaction_buckets</c>.</param>
/// <param name="TransactionTotals">Non-zero deltas of <c>commerce_transaction_totals</c>.</param>
/// <param name="Users">Users whose <c>last_active</c> moved on.</param>
/// <param name="Content">Views and purchases to add per content item.</param>
/// <param name="ContentBuckets">Views and purchases to add per quarter-hour.</param>
internal sealed record CommerceChanges(
    IReadOnlyList<CommerceTransactionRow> Transactions,
    IReadOnlyList<TransactionBucketDelta> TransactionBuckets,
    IReadOnlyList<TransactionTotalDelta> TransactionTotals,
    IReadOnlyList<CommerceUserChange> Users,
    IReadOnlyList<ContentDelta> Content,
    IReadOnlyList<ContentBucketDelta> ContentBuckets)
{
    /// <summary>
    /// Of <paramref name="tenant"/>'s changed users, those who become active today: <c>last_active</c> was before
    /// <paramref name="dayStart"/> (or the user is new) and is now at or after it. Since <c>last_active</c> only grows,
    /// these are exactly the users <c>commerce_users_today</c> has not counted yet.
    /// </summary>
    public long UsersEnteringDay(string tenant, DateTime dayStart) =>
        Users.Count(u => u.Tenant == tenant && u.LastActive >= dayStart && !(u.Before >= dayStart));
}

/// <summary>A row of <c>commerce_users</c>: a user's newest <c>user.active</c> event time.</summary>
internal sealed record CommerceUserRow(string Tenant, string UserId, DateTime LastActive);

/// <summary>A user whose <c>last_active</c> moved from <paramref name="Before"/> (null for a new user) to <paramref name="LastActive"/>.</summary>
internal sealed record CommerceUserChange(string Tenant, string UserId, DateTime? Before, DateTime LastActive);

/// <summary>A change of one <c>commerce_transaction_buckets</c> row: transactions and amount (major unit).</summary>
internal sealed record TransactionBucketDelta(string Tenant, DateTime Bucket, string Status, string Currency, long Transactions, decimal Amount);

/// <summary>A change of one <c>commerce_transaction_totals</c> row.</summary>
internal sealed record TransactionTotalDelta(string Tenant, string Status, string Currency, long Transactions, decimal Amount);

/// <summary>Views and purchases to add to one <c>commerce_content</c> row.</summary>
internal sealed record ContentDelta(string Tenant, string ContentId, long Views, long Purchases);

/// <summary>Views and purchases to add to one <c>commerce_content_buckets</c> row.</summary>
internal sealed record ContentBucketDelta(string Tenant, DateTime Bucket, long Views, long Purchases);

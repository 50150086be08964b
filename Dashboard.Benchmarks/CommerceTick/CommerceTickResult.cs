using Dashboard.Benchmarks.Tick;

namespace Dashboard.Benchmarks.CommerceTick;

/// <summary>One stored-size's figures; the row counts are the commerce state tables after the fold.</summary>
internal sealed record CommerceTickResult(
    long Transactions,
    long StoredEvents,
    TimeSpan Seed,
    TimeSpan Fold,
    Percentiles Quiet,
    Percentiles Changed,
    long DatabaseBytes,
    CommerceRows Rows);

/// <summary>
/// Rows of <c>commerce_transactions</c>, <c>commerce_transaction_buckets</c> and <c>commerce_users</c>, and the busy
/// tenant's users today (<c>commerce_users_today</c>) and active in the last 5 minutes when the ticks were timed.
/// </summary>
internal sealed record CommerceRows(long Transactions, long Buckets, long Users, long UsersToday, long UsersNow)
{
    public override string ToString() =>
        $"{Transactions:N0} transactions, {Buckets:N0} buckets, {Users:N0} users ({UsersToday:N0} today, {UsersNow:N0} now on the busy tenant)";
}

namespace Dashboard.Commerce;

/// <summary>
/// One status and currency of <c>commerce_transaction_totals</c> (all time): how many transactions are in that status
/// now, and the sum of their amounts (exact, the currency's major unit).
/// </summary>
internal sealed record CommerceTotalRow(string Status, string Currency, long Transactions, decimal Amount);

/// <summary>
/// One status and currency of <c>commerce_transaction_buckets</c> summed over the tenant's calendar (docs/metrics.md §7):
/// transactions and amount whose status was reached today; for <c>completed</c> also the amounts of this week and month.
/// </summary>
internal sealed record CommercePeriodRow(string Status, string Currency, long TransactionsToday, decimal AmountToday, decimal AmountWeek, decimal AmountMonth);

/// <summary>Completed revenue of one currency in one UTC minute of the last hour.</summary>
internal sealed record CommerceMinuteRow(DateTime Minute, string Currency, decimal Amount);

/// <summary>Views and purchases (all time or today).</summary>
internal readonly record struct ContentCounts(long Views, long Purchases);

/// <summary>What <see cref="CommerceMetricsCalculator"/> read for one tenant; the arithmetic is <see cref="CommerceMetricsBuilder"/>.</summary>
/// <param name="Totals">All-time transactions and amounts per status and currency.</param>
/// <param name="Periods">Today's, this week's and this month's figures per status and currency.</param>
/// <param name="CurrentUsers">Distinct users with <c>last_active</c> in the last 5 minutes.</param>
/// <param name="UsersToday">Distinct users active today.</param>
/// <param name="StoredPeak24h">The highest stored per-minute peak of the last 24 hours; null without one.</param>
/// <param name="MinutePeaks">Stored per-minute peaks of the last 60 minutes, by minute start (UTC).</param>
/// <param name="RevenueMinutes">Completed revenue per minute and currency of the last 60 minutes.</param>
/// <param name="ContentTotal">All-time content views and purchases.</param>
/// <param name="ContentToday">Today's content views and purchases.</param>
internal sealed record CommerceTenantRows(
    IReadOnlyList<CommerceTotalRow> Totals,
    IReadOnlyList<CommercePeriodRow> Periods,
    long CurrentUsers,
    long UsersToday,
    long? StoredPeak24h,
    IReadOnlyDictionary<DateTime, long> MinutePeaks,
    IReadOnlyList<CommerceMinuteRow> RevenueMinutes,
    ContentCounts ContentTotal,
    ContentCounts ContentToday)
{
    /// <summary>A tenant without commerce state.</summary>
    public static CommerceTenantRows Empty { get; } = new([], [], 0, 0, null, new Dictionary<DateTime, long>(), [], default, default);
}

namespace Dashboard.Commerce;

/// <summary>
/// Topic <c>commerce</c>, type <c>commerce_update</c> (snapshot), and the body of <c>GET /api/v1/commerce</c>: a tenant's
/// revenue, active users, transactions and content figures (docs/metrics.md §7). "Today", "this week" (ISO 8601, from
/// Monday) and "this month" are in the tenant's business calendar: today starts at <c>windowStart</c> (UTC) in
/// <c>timeZone</c>. Amounts are exact decimals in the currency's major unit (JSON numbers such as <c>12.50</c>), one entry
/// per ISO 4217 currency and never added across currencies. A ratio with nothing to count is null.
/// </summary>
/// <param name="TimeZone">The IANA time zone of the tenant's business day (<c>Tenants:{tenant}:TimeZone</c>, default <c>UTC</c>).</param>
/// <param name="WindowStart">Start of today (UTC instant).</param>
/// <param name="Revenue">Per currency (ordinal order of the code): completed, not refunded, transactions' amounts.</param>
/// <param name="ActiveUsers">Distinct users active now, today and the peak of now over 24 h.</param>
/// <param name="Transactions">All-time transaction counts by current status.</param>
/// <param name="TransactionsToday">Transactions whose current status was reached today, by that status.</param>
/// <param name="Content">Content views, purchases and conversion, all time and today.</param>
/// <param name="RevenuePerMinute">Completed revenue per UTC minute for the last 60 minutes, per currency with any in that hour, dense (zeros included), oldest first.</param>
/// <param name="ActiveUsersPerMinute">The peak of <c>activeUsers.current</c> in each of the last 60 minutes (null for a minute no tick computed), oldest first: the trend chart.</param>
/// <param name="ComputedAt">When the figures were computed (UTC).</param>
public sealed record CommerceUpdate(
    string TimeZone,
    DateTime WindowStart,
    IReadOnlyList<CurrencyRevenue> Revenue,
    ActiveUsers ActiveUsers,
    TransactionCounts Transactions,
    TransactionCounts TransactionsToday,
    ContentFigures Content,
    IReadOnlyList<RevenueMinute> RevenuePerMinute,
    IReadOnlyList<ActiveUsersMinute> ActiveUsersPerMinute,
    DateTime ComputedAt);

/// <summary>One currency's revenue (Stripe keeps one balance per currency; so does this).</summary>
/// <param name="Currency">ISO 4217 alphabetic code, upper case (<c>EUR</c>).</param>
/// <param name="Total">All time.</param>
/// <param name="Today">Completed today.</param>
/// <param name="ThisWeek">Completed since Monday 00:00 local (ISO 8601 week).</param>
/// <param name="ThisMonth">Completed since the 1st, 00:00 local.</param>
public sealed record CurrencyRevenue(string Currency, decimal Total, decimal Today, decimal ThisWeek, decimal ThisMonth);

/// <summary>Distinct <c>userId</c>s with <c>user.active</c> (exact counts, docs/metrics.md §7).</summary>
/// <param name="Current">Active in the last 5 minutes (Shopify's "visitors right now").</param>
/// <param name="Today">Active at any time today.</param>
/// <param name="Peak24h">The highest <c>current</c> the tick computed in the last 24 hours (including this one).</param>
public sealed record ActiveUsers(long Current, long Today, long Peak24h);

/// <summary>Transactions by their current status (the newest <c>transaction.updated</c> by event time).</summary>
/// <param name="Total">The sum of the four.</param>
/// <param name="Pending">Status <c>pending</c>.</param>
/// <param name="Completed">Status <c>completed</c>.</param>
/// <param name="Failed">Status <c>failed</c>.</param>
/// <param name="Refunded">Status <c>refunded</c>.</param>
public sealed record TransactionCounts(long Total, long Pending, long Completed, long Failed, long Refunded);

/// <summary>Content views (<c>content.viewed</c>) and purchases (<c>content.purchased</c>).</summary>
/// <param name="TotalViews">All time.</param>
/// <param name="TotalPurchases">All time.</param>
/// <param name="ConversionRate">All time purchases / views; null with no views.</param>
/// <param name="ViewsToday">Today.</param>
/// <param name="PurchasesToday">Today.</param>
/// <param name="ConversionRateToday">Today's purchases / today's views; null with no views today.</param>
public sealed record ContentFigures(long TotalViews, long TotalPurchases, double? ConversionRate, long ViewsToday, long PurchasesToday, double? ConversionRateToday);

/// <summary>Completed revenue of one currency in one minute.</summary>
/// <param name="Minute">Start of the UTC minute.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Amount">Sum of the amounts of transactions whose current status is <c>completed</c>, reached in that minute.</param>
public sealed record RevenueMinute(DateTime Minute, string Currency, decimal Amount);

/// <summary>The peak of active users now in one minute.</summary>
/// <param name="Minute">Start of the UTC minute.</param>
/// <param name="Peak">The highest <c>activeUsers.current</c> computed in it; null when no tick computed one.</param>
public sealed record ActiveUsersMinute(DateTime Minute, long? Peak);

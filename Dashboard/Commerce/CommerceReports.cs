namespace Dashboard.Commerce;

/// <summary>Body of <c>GET /api/v1/commerce/revenue?days=</c> (docs/api.md): completed revenue per local day and currency.</summary>
/// <param name="TimeZone">The tenant's IANA time zone: <c>day</c> is a local date in it.</param>
/// <param name="Days">The number of days covered (today included).</param>
/// <param name="WindowStart">Start (UTC instant) of the first day.</param>
/// <param name="PerDay">
/// Dense: for each currency with a completed transaction in the window, one entry per day (zeros included); oldest day
/// first, then by currency code.
/// </param>
/// <param name="ComputedAt">When it was read (UTC).</param>
public sealed record CommerceRevenueReport(string TimeZone, int Days, DateTime WindowStart, IReadOnlyList<RevenueDay> PerDay, DateTime ComputedAt);

/// <summary>One currency's completed revenue on one local day.</summary>
/// <param name="Day">The local date (ISO 8601, <c>2026-12-05</c>) in the report's time zone.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Amount">Sum of the amounts of transactions now <c>completed</c> that reached it that day (exact decimal).</param>
/// <param name="Transactions">How many such transactions.</param>
public sealed record RevenueDay(DateOnly Day, string Currency, decimal Amount, long Transactions);

/// <summary>Body of <c>GET /api/v1/commerce/transactions</c> (docs/api.md): the newest transactions by the time of their status.</summary>
/// <param name="Status">The status listed; null: every status.</param>
/// <param name="Total">Every transaction of the tenant in that status (all statuses when null), however many are listed.</param>
/// <param name="Transactions">At most <c>limit</c>, newest <c>statusAt</c> first, then by id.</param>
/// <param name="ComputedAt">When it was read (UTC).</param>
public sealed record CommerceTransactionsReport(string? Status, long Total, IReadOnlyList<CommerceTransactionListing> Transactions, DateTime ComputedAt);

/// <summary>One transaction as the fold holds it (docs/events.md §4 gives the merge rule).</summary>
/// <param name="TransactionId">The producer's id.</param>
/// <param name="Status">Its current status: that of its newest <c>transaction.updated</c> by event time.</param>
/// <param name="Amount">The amount of that same event, exact, in the currency's major unit.</param>
/// <param name="Currency">ISO 4217 code of that event.</param>
/// <param name="StatusAt">Event time of that newest status (UTC).</param>
/// <param name="FirstSeen">Event time of its earliest event (UTC).</param>
public sealed record CommerceTransactionListing(string TransactionId, string Status, decimal Amount, string Currency, DateTime StatusAt, DateTime FirstSeen);

/// <summary>Body of <c>GET /api/v1/commerce/content</c> (docs/api.md): the most viewed content items, all time.</summary>
/// <param name="Total">Content items of the tenant with any view or purchase, however many are listed.</param>
/// <param name="Content">At most <c>limit</c>, most views first, then by id.</param>
/// <param name="ComputedAt">When it was read (UTC).</param>
public sealed record CommerceContentReport(long Total, IReadOnlyList<ContentItem> Content, DateTime ComputedAt);

/// <summary>One content item's all-time figures.</summary>
/// <param name="ContentId">The producer's id.</param>
/// <param name="Views"><c>content.viewed</c> events.</param>
/// <param name="Purchases"><c>content.purchased</c> events.</param>
/// <param name="ConversionRate">Purchases / views; null with no views.</param>
public sealed record ContentItem(string ContentId, long Views, long Purchases, double? ConversionRate);

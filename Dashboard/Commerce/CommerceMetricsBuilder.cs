using System.Text.Json;
using Dashboard.Calendar;
using Dashboard.Catalogue;

namespace Dashboard.Commerce;

/// <summary>
/// The arithmetic of the commerce metrics (docs/metrics.md §7): pure, from rows already read, so every formula is
/// testable without a database. Amounts stay <see cref="decimal"/> from the database's <c>numeric</c> to the JSON number.
/// </summary>
internal static class CommerceMetricsBuilder
{
    /// <summary>
    /// The catalogue's transaction statuses (<see cref="EventTypes.TransactionStatuses"/>, docs/events.md §4) in the wire
    /// order: the JSON names of <see cref="TransactionCounts"/>' per-status fields, which the REST error text and the
    /// OpenAPI enum list in the same order (docs/api.md). The catalogue's own order is the tie-break's, not the payload's.
    /// </summary>
    /// <exception cref="InvalidOperationException">(At type load) the payload's fields are not the catalogue's statuses.</exception>
    public static readonly IReadOnlyList<string> Statuses = WireStatuses();

    /// <summary>"Active now": a user whose newest <c>user.active</c> is at most this old (Shopify's live view counts 5 minutes).</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(5);

    /// <summary>Minutes in <c>revenuePerMinute</c> and <c>activeUsersPerMinute</c>: the current one and the 59 before it.</summary>
    public const int Minutes = 60;

    /// <summary>How long past its windows a tenant still counts as live: several ticks of slack, as for campaigns.</summary>
    public static readonly TimeSpan LiveMargin = TimeSpan.FromSeconds(5);

    /// <summary>Assembles one tenant's <see cref="CommerceUpdate"/> at <paramref name="now"/> (UTC).</summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="rows">What <see cref="CommerceMetricsCalculator"/> read for the tenant.</param>
    /// <param name="calendar">The tenant's business calendar.</param>
    /// <param name="now">The instant computed for.</param>
    public static TenantCommerceMetrics Build(string tenant, CommerceTenantRows rows, BusinessCalendar calendar, DateTime now)
    {
        var currentMinute = MinuteOf(now);
        var update = new CommerceUpdate(
            calendar.TimeZone,
            calendar.DayStart(now),
            Revenue(rows),
            new ActiveUsers(rows.CurrentUsers, rows.UsersToday, Math.Max(rows.StoredPeak24h ?? 0, rows.CurrentUsers)),
            Counts(rows.Totals.Select(t => (t.Status, t.Transactions))),
            Counts(rows.Periods.Select(p => (p.Status, p.TransactionsToday))),
            new ContentFigures(
                rows.ContentTotal.Views, rows.ContentTotal.Purchases, Ratio(rows.ContentTotal.Purchases, rows.ContentTotal.Views),
                rows.ContentToday.Views, rows.ContentToday.Purchases, Ratio(rows.ContentToday.Purchases, rows.ContentToday.Views)),
            RevenuePerMinute(rows.RevenueMinutes, currentMinute),
            ActiveUsersPerMinute(rows.MinutePeaks, rows.CurrentUsers, currentMinute),
            now);
        return new TenantCommerceMetrics(tenant, update);
    }

    /// <summary>
    /// One entry per currency with a completed or refunded transaction (a currency whose every sale was refunded shows
    /// zeros rather than vanishing), by ordinal code; never added across currencies.
    /// </summary>
    internal static List<CurrencyRevenue> Revenue(CommerceTenantRows rows)
    {
        var currencies = new SortedSet<string>(StringComparer.Ordinal);
        currencies.UnionWith(rows.Totals.Where(t => t.Status is "completed" or "refunded" && t.Transactions > 0).Select(t => t.Currency));
        currencies.UnionWith(rows.Periods.Where(p => p.Status == "completed" && (p.AmountMonth != 0 || p.AmountWeek != 0 || p.TransactionsToday > 0)).Select(p => p.Currency));
        return [.. currencies.Select(c =>
        {
            var period = rows.Periods.Where(p => p.Status == "completed" && p.Currency == c).ToList();
            return new CurrencyRevenue(
                c,
                rows.Totals.Where(t => t.Status == "completed" && t.Currency == c).Sum(t => t.Amount),
                period.Sum(p => p.AmountToday),
                period.Sum(p => p.AmountWeek),
                period.Sum(p => p.AmountMonth));
        })];
    }

    private static string[] WireStatuses()
    {
        string[] names =
        [
            .. typeof(TransactionCounts).GetConstructors().Single().GetParameters()
                .Where(p => p.Name != nameof(TransactionCounts.Total))
                .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)),
        ];
        return names.Order(StringComparer.Ordinal).SequenceEqual(EventTypes.TransactionStatuses.Order(StringComparer.Ordinal))
            ? names
            : throw new InvalidOperationException("TransactionCounts' fields must be the catalogue's transaction statuses (EventTypes.TransactionStatuses).");
    }

    /// <summary>Counts per status; a status outside the catalogue, should one ever be stored, still counts in <c>total</c>.</summary>
    internal static TransactionCounts Counts(IEnumerable<(string Status, long Transactions)> rows)
    {
        var list = rows.ToList();
        long Of(string status) => list.Where(r => r.Status == status).Sum(r => r.Transactions);
        return new TransactionCounts(list.Sum(r => r.Transactions), Of("pending"), Of("completed"), Of("failed"), Of("refunded"));
    }

    /// <summary>
    /// Dense: for each currency with a completed transaction in the window, its 60 minutes (zeros included); ordered by
    /// minute (oldest first), then currency.
    /// </summary>
    internal static List<RevenueMinute> RevenuePerMinute(IReadOnlyList<CommerceMinuteRow> rows, DateTime currentMinute)
    {
        var first = currentMinute.AddMinutes(1 - Minutes);
        var inWindow = rows.Where(r => r.Minute >= first && r.Minute <= currentMinute).ToList();
        var currencies = inWindow.Select(r => r.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        var amounts = inWindow.GroupBy(r => (r.Minute, r.Currency)).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        return [.. Enumerable.Range(0, Minutes)
            .Select(i => first.AddMinutes(i))
            .SelectMany(m => currencies.Select(c => new RevenueMinute(m, c, amounts.GetValueOrDefault((m, c)))))];
    }

    /// <summary>60 entries, oldest first: each minute's stored peak (null when no tick recorded one); the current minute at least <paramref name="current"/>.</summary>
    internal static List<ActiveUsersMinute> ActiveUsersPerMinute(IReadOnlyDictionary<DateTime, long> peaks, long current, DateTime currentMinute) =>
        [.. Enumerable.Range(0, Minutes)
            .Select(i => currentMinute.AddMinutes(i + 1 - Minutes))
            .Select(m => new ActiveUsersMinute(
                m,
                m == currentMinute ? Math.Max(peaks.TryGetValue(m, out var p) ? p : 0, current)
                    : peaks.TryGetValue(m, out var q) ? q : null))];

    /// <summary>Start of the UTC minute holding <paramref name="instant"/>.</summary>
    internal static DateTime MinuteOf(DateTime instant) =>
        new(instant.Ticks - instant.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    // docs/metrics.md §1: a ratio with a zero denominator is null, never NaN.
    private static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}

/// <summary>One tenant's <c>commerce_update</c>.</summary>
internal sealed record TenantCommerceMetrics(string Tenant, CommerceUpdate Update)
{
    /// <summary>
    /// True when the payload holds nothing: no revenue, transaction, active user, content or per-minute figure. A tenant
    /// whose stream has no snapshot yet gets none for it (a tenant without commerce costs no messages).
    /// </summary>
    public bool IsEmpty =>
        Update.Revenue.Count == 0 && Update.Transactions.Total == 0 && Update.TransactionsToday.Total == 0
        && Update.ActiveUsers is { Current: 0, Today: 0, Peak24h: 0 }
        && Update.Content is { TotalViews: 0, TotalPurchases: 0, ViewsToday: 0, PurchasesToday: 0 }
        && Update.RevenuePerMinute.Count == 0 && Update.ActiveUsersPerMinute.All(m => m.Peak is null or 0);
}

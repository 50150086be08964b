namespace Dashboard.Calendar;

/// <summary>
/// Where a tenant's "today" starts: every "today" figure (queue and agent metrics today, the tick's new-day recompute)
/// asks here, so the boundary lives in one place (docs/metrics.md §1). Today it is 00:00 UTC for every tenant.
/// </summary>
internal static class BusinessDay
{
    /// <summary>Start of the business day that contains <paramref name="now"/> (UTC): 00:00 UTC of its date.</summary>
    /// <param name="now">A UTC instant.</param>
    public static DateTime Start(DateTime now) => DateTime.SpecifyKind(now.Date, DateTimeKind.Utc);
}

namespace Dashboard.Calls;

/// <summary>
/// <c>GET /api/v1/calls/per-day?days=</c>: the tenant's calls per local date of its zone (<c>timeZone</c>,
/// <c>Tenants:{tenant}:TimeZone</c>, default UTC), oldest first, one entry per date of the window ending today, days
/// without calls included as zeros. A date at a daylight-saving change has 23 or 25 hours.
/// </summary>
/// <param name="Days">Length of the window in days (the <c>days</c> parameter).</param>
/// <param name="PerDay">Exactly <paramref name="Days"/> entries, from today − (days − 1) to today.</param>
/// <param name="TimeZone">The tenant's IANA time zone: the dates are its local dates.</param>
/// <param name="WindowStart">Start (UTC instant of local midnight) of the first date listed.</param>
public sealed record CallsPerDay(int Days, IReadOnlyList<CallDayTotals> PerDay, string TimeZone, DateTime WindowStart);

/// <summary>
/// One local date of <see cref="CallsPerDay"/>. A call counts on the day it started; <c>endedCalls</c>,
/// <c>completedCalls</c> and the duration are those of the calls started that day (as in the roll-ups). A date rolled
/// up into the daily table (older than 8 days) keeps the boundaries of the zone the tenant had then (docs/metrics.md §1).
/// </summary>
/// <param name="Day">The local date, ISO 8601 (<c>2025-06-01</c>).</param>
/// <param name="TotalCalls">Calls started that day.</param>
/// <param name="EndedCalls">Of those, calls that have ended.</param>
/// <param name="CompletedCalls">Of those, calls that ended with outcome <c>completed</c> or <c>converted</c>.</param>
/// <param name="AverageDurationSeconds">Mean duration in seconds of the ended calls with a known duration; null when there are none.</param>
public sealed record CallDayTotals(DateOnly Day, long TotalCalls, long EndedCalls, long CompletedCalls, double? AverageDurationSeconds);

namespace Dashboard.Calls;

/// <summary>
/// <c>GET /api/v1/calls/per-day?days=</c>: the tenant's calls per UTC day, oldest first, one entry per day of the window
/// ending today (UTC), days without calls included as zeros.
/// </summary>
/// <param name="Days">Length of the window in days (the <c>days</c> parameter).</param>
/// <param name="PerDay">Exactly <paramref name="Days"/> entries, from today − (days − 1) to today.</param>
public sealed record CallsPerDay(int Days, IReadOnlyList<CallDayTotals> PerDay);

/// <summary>
/// One UTC day of <see cref="CallsPerDay"/>. A call counts on the day it started; <c>endedCalls</c>,
/// <c>completedCalls</c> and the duration are those of the calls started that day (as in the hourly roll-up).
/// </summary>
/// <param name="Day">The UTC day, ISO 8601 (<c>2025-06-01</c>).</param>
/// <param name="TotalCalls">Calls started that day.</param>
/// <param name="EndedCalls">Of those, calls that have ended.</param>
/// <param name="CompletedCalls">Of those, calls that ended with outcome <c>completed</c> or <c>converted</c>.</param>
/// <param name="AverageDurationSeconds">Mean duration in seconds of the ended calls with a known duration; null when there are none.</param>
public sealed record CallDayTotals(DateOnly Day, long TotalCalls, long EndedCalls, long CompletedCalls, double? AverageDurationSeconds);

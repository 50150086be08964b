namespace Dashboard.Calls;

/// <summary>
/// <c>GET /api/v1/calls/per-hour</c>: one entry per local clock hour of the tenant's zone (<c>timeZone</c>) overlapping the
/// window, oldest first, hours without calls included as zeros (so <c>hours + 1</c> entries: the first and the last hour
/// are partial). Each hour is the UTC instant it starts (in +05:30 at :30 UTC); <c>windowStart</c> is the first one's.
/// </summary>
/// <remarks>Equality compares the entries element by element (a record compares a list by reference).</remarks>
public sealed record CallsPerHourReport(int Hours, IReadOnlyList<HourlyCalls> CallsPerHour, DateTime ComputedAt)
{
    /// <summary>The tenant's IANA time zone (<c>Tenants:{tenant}:TimeZone</c>, default <c>UTC</c>): the hours are its local hours.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Start (UTC) of the first local hour listed (derived from <see cref="CallsPerHour"/>).</summary>
    public DateTime WindowStart => CallsPerHour.Count > 0 ? CallsPerHour[0].Hour : default;

    /// <inheritdoc />
    public bool Equals(CallsPerHourReport? other) =>
        other is not null && Hours == other.Hours && ComputedAt == other.ComputedAt && TimeZone == other.TimeZone
        && CallsPerHour.SequenceEqual(other.CallsPerHour);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hours, CallsPerHour.Count, ComputedAt);
}

/// <summary>
/// One local clock hour of the window: the calls started in that hour and in the window (the first hour of a window
/// starting mid-hour counts only its part inside the window).
/// </summary>
/// <param name="Hour">Start of the local hour, as a UTC instant (<c>2026-03-08T10:30:00Z</c> for 16:00 in Asia/Kolkata).</param>
/// <param name="TotalCalls">Calls started.</param>
/// <param name="CompletedCalls">Of those, ended <c>completed</c> or <c>converted</c>.</param>
/// <param name="EndedCalls">Of those, ended.</param>
/// <param name="AverageDurationSeconds">Mean duration of those ended with a known duration, seconds; null when none.</param>
public sealed record HourlyCalls(DateTime Hour, long TotalCalls, long CompletedCalls, long EndedCalls, double? AverageDurationSeconds);

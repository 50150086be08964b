namespace Dashboard.Calls;

/// <summary>
/// <c>GET /api/v1/calls/per-hour</c>: one entry per UTC hour overlapping the window, oldest first, hours without calls
/// included as zeros (so <c>hours + 1</c> entries: the first and the last hour are partial).
/// </summary>
/// <remarks>Equality compares the entries element by element (a record compares a list by reference).</remarks>
public sealed record CallsPerHourReport(int Hours, IReadOnlyList<HourlyCalls> CallsPerHour, DateTime ComputedAt)
{
    /// <inheritdoc />
    public bool Equals(CallsPerHourReport? other) =>
        other is not null && Hours == other.Hours && ComputedAt == other.ComputedAt && CallsPerHour.SequenceEqual(other.CallsPerHour);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hours, CallsPerHour.Count, ComputedAt);
}

/// <summary>
/// One UTC hour of the window: the calls started in that hour and in the window (the first hour of a window starting
/// mid-hour counts only its part inside the window).
/// </summary>
/// <param name="Hour">Start of the UTC hour.</param>
/// <param name="TotalCalls">Calls started.</param>
/// <param name="CompletedCalls">Of those, ended <c>completed</c> or <c>converted</c>.</param>
/// <param name="EndedCalls">Of those, ended.</param>
/// <param name="AverageDurationSeconds">Mean duration of those ended with a known duration, seconds; null when none.</param>
public sealed record HourlyCalls(DateTime Hour, long TotalCalls, long CompletedCalls, long EndedCalls, double? AverageDurationSeconds);

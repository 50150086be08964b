namespace Dashboard.Calls;

/// <summary>
/// One <c>call_hourly</c> row (or one call's contribution to it): the UTC quarter-hour it starts (column <c>hour</c>; a row
/// written before quarter-hours is a whole hour and counts in the quarter it starts), agent id (<c>""</c> for none), counters.
/// </summary>
internal sealed record CallBucket(DateTime Hour, string AgentId, CallTally Tally);

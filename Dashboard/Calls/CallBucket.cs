namespace Dashboard.Calls;

/// <summary>One <c>call_hourly</c> row (or one call's contribution to it): UTC hour, agent id (<c>""</c> for none), counters.</summary>
internal sealed record CallBucket(DateTime Hour, string AgentId, CallTally Tally);

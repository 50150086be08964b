namespace Dashboard.Calls;

/// <summary>One active call: started, not ended. <c>durationSeconds</c> is live (now minus <c>startedAt</c>).</summary>
public sealed record ActiveCall(string CallId, string? CampaignId, string? AgentId, DateTime StartedAt, DateTime? AnsweredAt, double DurationSeconds);

/// <summary>
/// Topic <c>calls</c>, type <c>active_calls_update</c> (snapshot): the number of active calls of the tenant (campaign or
/// not) and at most <c>Payloads:MaxActiveCalls</c> (default 100) of them, longest first; <c>truncated</c> says the list
/// stops short of <c>activeCalls</c>.
/// </summary>
/// <remarks>Equality compares the calls element by element (a record compares a list by reference).</remarks>
public sealed record ActiveCallsUpdate(int ActiveCalls, IReadOnlyList<ActiveCall> Calls, DateTime ComputedAt)
{
    /// <summary>True when <see cref="Calls"/> lists fewer than <see cref="ActiveCalls"/>.</summary>
    public bool Truncated => ActiveCalls > Calls.Count;

    /// <inheritdoc />
    public bool Equals(ActiveCallsUpdate? other) =>
        other is not null && ActiveCalls == other.ActiveCalls && ComputedAt == other.ComputedAt && Calls.SequenceEqual(other.Calls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ActiveCalls, Calls.Count, ComputedAt);
}

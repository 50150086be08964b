namespace Dashboard.Queues;

/// <summary>
/// Topic <c>agents</c>, type <c>agent_metrics</c> (snapshot): the tenant's agents by status, today's occupancy and at
/// most <c>Payloads:MaxAgents</c> (default 500) agents by id (<c>agentCount</c> is the full number, <c>truncated</c> true when
/// the list stops short of it).
/// </summary>
/// <param name="Online">Agents in any status but <c>offline</c>.</param>
/// <param name="Available">Agents <c>available</c>.</param>
/// <param name="OnCall">Agents <c>on_call</c>.</param>
/// <param name="AfterCallWork">Agents in <c>after_call_work</c>.</param>
/// <param name="Busy">Agents <c>busy</c> (logged in, not routable).</param>
/// <param name="Offline">Agents <c>offline</c>.</param>
/// <param name="Occupancy">
/// Since the start of today in the tenant's zone (<c>windowStart</c>): (on-call + after-call-work seconds) / (available + on-call + after-call-work seconds), over every
/// agent, the status each is in now counted up to now; busy and offline time excluded (Amazon Connect / Genesys
/// occupancy). Rounded to 4 decimals; null when no agent was available, on a call or in after-call work today.
/// </param>
/// <param name="AgentCount">Every agent of the tenant (the list stops at <c>Payloads:MaxAgents</c>, default 500).</param>
/// <param name="Agents">Agents by id, at most <c>Payloads:MaxAgents</c>; <c>truncated</c> says the list stops short of <c>agentCount</c>.</param>
/// <param name="WindowStart">Start of today in the tenant's zone (a UTC instant): start of the occupancy window.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
/// <remarks>Equality compares the agents element by element.</remarks>
public sealed record AgentMetricsUpdate(
    int Online,
    int Available,
    int OnCall,
    int AfterCallWork,
    int Busy,
    int Offline,
    double? Occupancy,
    int AgentCount,
    IReadOnlyList<AgentState> Agents,
    DateTime WindowStart,
    DateTime ComputedAt)
{
    /// <summary>The tenant's IANA time zone (default <c>UTC</c>) whose business day "today" is.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>True when <see cref="Agents"/> lists fewer than <see cref="AgentCount"/>.</summary>
    public bool Truncated => AgentCount > Agents.Count;

    /// <inheritdoc />
    public bool Equals(AgentMetricsUpdate? other) =>
        other is not null && Online == other.Online && Available == other.Available && OnCall == other.OnCall
        && AfterCallWork == other.AfterCallWork && Busy == other.Busy && Offline == other.Offline && Occupancy == other.Occupancy
        && AgentCount == other.AgentCount && WindowStart == other.WindowStart && ComputedAt == other.ComputedAt && TimeZone == other.TimeZone
        && Agents.SequenceEqual(other.Agents);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Online, Available, OnCall, Occupancy, AgentCount, WindowStart, ComputedAt);
}

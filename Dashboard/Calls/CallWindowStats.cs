namespace Dashboard.Calls;

/// <summary>One tenant's windowed call statistics.</summary>
/// <param name="Metrics">Totals over the window.</param>
/// <param name="CallsPerHour">Per local clock hour of the tenant's zone, oldest first, dense.</param>
/// <param name="Agents">Agent performance over the window.</param>
/// <param name="TimeZone">The tenant's IANA zone (<c>Tenants:{tenant}:TimeZone</c>) the hours are local to.</param>
internal sealed record CallWindowStats(
    CallMetrics Metrics, IReadOnlyList<HourlyCalls> CallsPerHour, IReadOnlyList<AgentPerformance> Agents, string TimeZone)
{
    /// <summary>The <c>call_stats_update</c> payload.</summary>
    public CallStatsUpdate ToUpdate() => new(Metrics, CallsPerHour, Agents, Metrics.ComputedAt) { TimeZone = TimeZone };

    /// <summary>The <c>/api/v1/calls/per-hour</c> answer.</summary>
    public CallsPerHourReport ToPerHour() => new(Metrics.Hours, CallsPerHour, Metrics.ComputedAt) { TimeZone = TimeZone };

    /// <summary>The <c>/api/v1/agents/performance</c> answer.</summary>
    public AgentPerformanceReport ToAgents() => new(Metrics.Hours, Agents, Metrics.ComputedAt);
}

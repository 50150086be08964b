namespace Dashboard.Calls;

/// <summary>One tenant's windowed call statistics.</summary>
internal sealed record CallWindowStats(CallMetrics Metrics, IReadOnlyList<HourlyCalls> CallsPerHour, IReadOnlyList<AgentPerformance> Agents)
{
    /// <summary>The <c>call_stats_update</c> payload.</summary>
    public CallStatsUpdate ToUpdate() => new(Metrics, CallsPerHour, Agents, Metrics.ComputedAt);

    /// <summary>The <c>/api/v1/calls/per-hour</c> answer.</summary>
    public CallsPerHourReport ToPerHour() => new(Metrics.Hours, CallsPerHour, Metrics.ComputedAt);

    /// <summary>The <c>/api/v1/agents/performance</c> answer.</summary>
    public AgentPerformanceReport ToAgents() => new(Metrics.Hours, Agents, Metrics.ComputedAt);
}

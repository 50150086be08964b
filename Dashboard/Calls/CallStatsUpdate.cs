namespace Dashboard.Calls;

/// <summary>
/// Topic <c>call_stats</c>, type <c>call_stats_update</c> (snapshot, every <c>Jobs:StatsIntervalSeconds</c> when it
/// changed): the default 24 h window's <see cref="CallMetrics"/>, calls per hour and agent performance, all computed at
/// <c>computedAt</c>.
/// </summary>
/// <remarks>Equality compares the lists element by element.</remarks>
public sealed record CallStatsUpdate(
    CallMetrics Metrics,
    IReadOnlyList<HourlyCalls> CallsPerHour,
    IReadOnlyList<AgentPerformance> AgentPerformance,
    DateTime ComputedAt)
{
    /// <inheritdoc />
    public bool Equals(CallStatsUpdate? other) =>
        other is not null && Metrics == other.Metrics && ComputedAt == other.ComputedAt
        && CallsPerHour.SequenceEqual(other.CallsPerHour) && AgentPerformance.SequenceEqual(other.AgentPerformance);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Metrics, CallsPerHour.Count, AgentPerformance.Count, ComputedAt);

    /// <summary>The same values with every <c>computedAt</c> cleared: what "unchanged" compares.</summary>
    public CallStatsUpdate WithoutTime() => new(Metrics with { ComputedAt = default }, CallsPerHour, AgentPerformance, default);
}

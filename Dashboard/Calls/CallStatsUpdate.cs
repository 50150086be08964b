namespace Dashboard.Calls;

/// <summary>
/// Topic <c>call_stats</c>, type <c>call_stats_update</c> (snapshot, every <c>Jobs:StatsIntervalSeconds</c> when it
/// changed): the default 24 h window's <see cref="CallMetrics"/>, calls per local hour of the tenant's zone
/// (<c>timeZone</c>, from <c>windowStart</c>, the first hour's start) and agent performance, all computed at <c>computedAt</c>.
/// </summary>
/// <remarks>Equality compares the lists element by element.</remarks>
public sealed record CallStatsUpdate(
    CallMetrics Metrics,
    IReadOnlyList<HourlyCalls> CallsPerHour,
    IReadOnlyList<AgentPerformance> AgentPerformance,
    DateTime ComputedAt)
{
    /// <summary>The tenant's IANA time zone (<c>Tenants:{tenant}:TimeZone</c>, default <c>UTC</c>): calls per hour are its local hours.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Start (UTC) of the first local hour of <see cref="CallsPerHour"/> (derived from it).</summary>
    public DateTime WindowStart => CallsPerHour.Count > 0 ? CallsPerHour[0].Hour : default;

    /// <inheritdoc />
    public bool Equals(CallStatsUpdate? other) =>
        other is not null && Metrics == other.Metrics && ComputedAt == other.ComputedAt
        && TimeZone == other.TimeZone
        && CallsPerHour.SequenceEqual(other.CallsPerHour) && AgentPerformance.SequenceEqual(other.AgentPerformance);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Metrics, CallsPerHour.Count, AgentPerformance.Count, ComputedAt);

    /// <summary>The same values with every <c>computedAt</c> cleared: what "unchanged" compares.</summary>
    public CallStatsUpdate WithoutTime() => this with { Metrics = Metrics with { ComputedAt = default }, ComputedAt = default };
}

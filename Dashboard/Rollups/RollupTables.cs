namespace Dashboard.Rollups;

/// <summary>
/// One quarter-hour roll-up table (migration 0004; the column keeps its name <c>hour</c>, Calendar/QuarterHours) and its daily
/// twin (migrations 0005, 0009): the same counters, keyed by (tenant, hour, <see cref="Key"/>) and
/// (tenant, local day, <see cref="Key"/>, time zone).
/// </summary>
/// <param name="Hourly">The hourly table.</param>
/// <param name="Daily">The daily table.</param>
/// <param name="Key">The third key column (the agent or queue).</param>
/// <param name="Counters">Columns that are sums, so a day is the sum of its hours.</param>
internal sealed record RollupTable(string Hourly, string Daily, string Key, IReadOnlyList<string> Counters)
{
    /// <summary>Calls by the quarter-hour they started and their agent.</summary>
    public static readonly RollupTable Calls = new("call_hourly", "call_daily", "agent_id",
    [
        "calls", "ended", "answered", "duration_sum", "duration_count",
        "outcome_completed", "outcome_busy", "outcome_no_answer", "outcome_failed", "outcome_converted",
        "outcome_opted_out", "outcome_abandoned", "outcome_voicemail", "outcome_canceled",
    ]);

    /// <summary>Queued calls by the quarter-hour they entered the queue.</summary>
    public static readonly RollupTable Queues = new("queue_hourly", "queue_daily", "queue",
    [
        "offered", "answered", "answered_within", "abandoned", "answer_wait_sum", "abandon_wait_sum",
        "handled", "talk_sum", "acw_sum",
    ]);

    /// <summary>Seconds per agent status.</summary>
    public static readonly RollupTable Agents = new("agent_hourly", "agent_daily", "agent_id",
        ["available_seconds", "on_call_seconds", "acw_seconds", "busy_seconds"]);

    /// <summary>Every pair, in the order the jobs work through them.</summary>
    public static readonly IReadOnlyList<RollupTable> All = [Calls, Queues, Agents];
}

namespace Dashboard.Calls;

/// <summary>Message types of the call statistics job.</summary>
public static class CallMessageTypes
{
    /// <summary>On <c>call_stats</c>.</summary>
    public const string CallStatsUpdate = "call_stats_update";

    /// <summary>On <c>calls</c>, published by the tick.</summary>
    public const string ActiveCallsUpdate = "active_calls_update";
}

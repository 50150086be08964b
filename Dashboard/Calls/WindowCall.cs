using Dashboard.Calendar;

namespace Dashboard.Calls;

/// <summary>A raw <c>calls</c> row of the window's partial first bucket.</summary>
internal sealed record WindowCall(DateTime StartedAt, string? AgentId, DateTime? AnsweredAt, DateTime? EndedAt, string? Outcome, double? DurationSeconds)
{
    /// <summary>The call's contribution, keyed as the fold keys it: its start's quarter-hour and <c>coalesce(agent_id, '')</c>.</summary>
    public CallBucket ToBucket() =>
        new(QuarterHours.Of(StartedAt), AgentId ?? "", CallTally.OfCall(AnsweredAt, EndedAt, Outcome, DurationSeconds));
}

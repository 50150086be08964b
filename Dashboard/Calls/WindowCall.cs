namespace Dashboard.Calls;

/// <summary>A raw <c>calls</c> row of the window's partial first hour.</summary>
internal sealed record WindowCall(DateTime StartedAt, string? AgentId, DateTime? AnsweredAt, DateTime? EndedAt, string? Outcome, double? DurationSeconds)
{
    /// <summary>The call's contribution, keyed as the fold keys it: its start hour and <c>coalesce(agent_id, '')</c>.</summary>
    public CallBucket ToBucket() =>
        new(CallWindow.Floor(StartedAt), AgentId ?? "", CallTally.OfCall(AnsweredAt, EndedAt, Outcome, DurationSeconds));
}

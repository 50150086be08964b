namespace Dashboard.Calls;

/// <summary>
/// <c>GET /api/v1/agents/performance</c>: every agent with a call started in the window, most calls first (then by id).
/// </summary>
/// <remarks>Equality compares the agents element by element.</remarks>
public sealed record AgentPerformanceReport(int Hours, IReadOnlyList<AgentPerformance> Agents, DateTime ComputedAt)
{
    /// <inheritdoc />
    public bool Equals(AgentPerformanceReport? other) =>
        other is not null && Hours == other.Hours && ComputedAt == other.ComputedAt && Agents.SequenceEqual(other.Agents);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hours, Agents.Count, ComputedAt);
}

/// <summary>
/// One agent's calls in the window: the calls started in the window that the agent handled (the agent of
/// <c>call.answered</c>, else the one <c>call.started</c> named).
/// </summary>
/// <param name="AgentId">The agent's id.</param>
/// <param name="Name">The agent's name (<c>agents.name</c>: the newest <c>agent.status_changed</c> that carried one); null until one did.</param>
/// <param name="TotalCalls">Calls started in the window.</param>
/// <param name="CompletedCalls">Of those, ended <c>completed</c> or <c>converted</c>.</param>
/// <param name="AverageDurationSeconds">Mean duration of those ended with a known duration, seconds; null when none.</param>
/// <param name="SuccessRate"><c>completedCalls / endedCalls</c>; null when none ended.</param>
public sealed record AgentPerformance(string AgentId, string? Name, long TotalCalls, long CompletedCalls, double? AverageDurationSeconds, double? SuccessRate);

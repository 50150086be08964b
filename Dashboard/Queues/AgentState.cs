namespace Dashboard.Queues;

/// <summary>One agent's current state: status since the event time of the <c>agent.status_changed</c> that set it.</summary>
/// <remarks>Equality compares the queues element by element.</remarks>
public sealed record AgentState(string AgentId, string? Name, string Status, DateTime StatusSince, IReadOnlyList<string>? Queues)
{
    /// <inheritdoc />
    public bool Equals(AgentState? other) =>
        other is not null && AgentId == other.AgentId && Name == other.Name && Status == other.Status && StatusSince == other.StatusSince
        && (ReferenceEquals(Queues, other.Queues) || (Queues is not null && other.Queues is not null && Queues.SequenceEqual(other.Queues)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AgentId, Status, StatusSince);
}

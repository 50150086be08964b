using Dashboard.Catalogue;

namespace Dashboard.Queues;

/// <summary>A row of the <c>agents</c> table: the agent's current status, since when, and what the fold needs next.</summary>
internal sealed record AgentRow
{
    public required string Tenant { get; init; }

    public required string AgentId { get; init; }

    public string? Name { get; init; }

    public required string Status { get; init; }

    /// <summary>Event time of the status change that set <see cref="Status"/>.</summary>
    public required DateTime StatusSince { get; init; }

    public IReadOnlyList<string>? Queues { get; init; }

    /// <summary>Queue of the agent's latest answered call: where its after-call work counts.</summary>
    public string? LastQueue { get; init; }

    /// <summary>The agent as first described by <paramref name="e"/>.</summary>
    public static AgentRow From(AgentStatusEvent e) => new()
    {
        Tenant = e.Tenant, AgentId = e.AgentId, Name = e.Name, Status = e.Status, StatusSince = e.Time, Queues = e.Queues,
    };

    /// <summary>
    /// The agent after <paramref name="e"/>, and the interval it closed (null when none). The newest event by event time
    /// wins: an event older than <see cref="StatusSince"/> (one folded in a later chunk than a newer one) only fills a
    /// name or queues nothing set; the time it describes stays with the status before it. A repeated status keeps its
    /// original <see cref="StatusSince"/>.
    /// </summary>
    public (AgentRow Row, StatusInterval? Closed) Apply(AgentStatusEvent e)
    {
        if (e.Time < StatusSince)
        {
            return (this with { Name = Name ?? e.Name, Queues = Queues ?? e.Queues }, null);
        }

        var changed = !string.Equals(e.Status, Status, StringComparison.Ordinal);
        var next = this with
        {
            Name = e.Name ?? Name,
            Queues = e.Queues ?? Queues,
            Status = e.Status,
            StatusSince = changed ? e.Time : StatusSince,
        };
        return (next, changed && e.Time > StatusSince ? new StatusInterval(Status, StatusSince, e.Time) : null);
    }

    /// <summary>True when the agent is logged in (any status but <c>offline</c>).</summary>
    public bool IsOnline => Status != AgentStatus.Offline;

    /// <summary>Compares queues by content (a record compares lists by reference).</summary>
    public bool Equals(AgentRow? other) =>
        other is not null && Tenant == other.Tenant && AgentId == other.AgentId && Name == other.Name && Status == other.Status
        && StatusSince == other.StatusSince && LastQueue == other.LastQueue
        && (Queues ?? []).SequenceEqual(other.Queues ?? []) && (Queues is null) == (other.Queues is null);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Tenant, AgentId, Status, StatusSince);
}

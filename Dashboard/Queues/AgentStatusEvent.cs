namespace Dashboard.Queues;

/// <summary>One <c>agent.status_changed</c> event as the fold reads it (docs/events.md §2; absent fields are null).</summary>
internal sealed record AgentStatusEvent(string Tenant, string AgentId, DateTime Time, string Status, string? Name, IReadOnlyList<string>? Queues);

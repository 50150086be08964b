namespace Dashboard.Queues;

/// <summary>An <c>agents</c> row, as the metrics read it.</summary>
internal sealed record StoredAgent(string AgentId, string? Name, string Status, DateTime StatusSince, IReadOnlyList<string>? Queues);

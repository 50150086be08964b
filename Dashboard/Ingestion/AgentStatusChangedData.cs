namespace Dashboard.Ingestion;

/// <summary>
/// The <c>data</c> of an <c>agent_status_changed</c> message on the <c>agents</c> topic (docs/protocol.md §5): every member is
/// always written, absent ones as <c>null</c>.
/// </summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Name">Display name, when the event carried one.</param>
/// <param name="Status">One of <c>available</c>, <c>on_call</c>, <c>after_call_work</c>, <c>busy</c>, <c>offline</c>.</param>
/// <param name="Queues">The queues the agent serves, when the event carried them.</param>
/// <param name="Time">The event's time, ISO 8601 UTC with milliseconds.</param>
internal sealed record AgentStatusChangedData(string AgentId, string? Name, string Status, IReadOnlyList<string>? Queues, string Time);

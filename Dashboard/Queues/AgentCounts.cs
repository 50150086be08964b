namespace Dashboard.Queues;

/// <summary>
/// Agents by current status (the newest <c>agent.status_changed</c> of each): <c>online</c> is every status but
/// <c>offline</c>, so <c>online = available + onCall + afterCallWork + busy</c>.
/// </summary>
public sealed record AgentCounts(int Online, int Available, int OnCall, int AfterCallWork, int Busy, int Offline);

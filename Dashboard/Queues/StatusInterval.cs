namespace Dashboard.Queues;

/// <summary>An interval an agent spent in one status, closed by the next status change (UTC).</summary>
internal readonly record struct StatusInterval(string Status, DateTime From, DateTime To);

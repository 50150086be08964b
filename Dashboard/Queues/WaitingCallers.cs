namespace Dashboard.Queues;

/// <summary>Callers waiting in one queue now and the earliest <c>queued_at</c> among them.</summary>
internal sealed record WaitingCallers(string Queue, int Count, DateTime OldestQueuedAt);

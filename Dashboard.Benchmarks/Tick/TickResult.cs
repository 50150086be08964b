namespace Dashboard.Benchmarks.Tick;

/// <summary>One stored-history size's figures.</summary>
internal sealed record TickResult(long StoredEvents, TimeSpan Seed, TimeSpan Fold, Percentiles Idle, Percentiles Busy, long DatabaseBytes);

namespace Dashboard.Folding.DeadLetters;

/// <summary>Dead-letter counts by state.</summary>
/// <param name="Retrying">Entries still retried automatically.</param>
/// <param name="Quarantined">Entries that exhausted <c>DeadLetters:MaxAttempts</c> and wait for an admin.</param>
public sealed record DeadLetterCounts(long Retrying, long Quarantined)
{
    /// <summary>No entry.</summary>
    public static readonly DeadLetterCounts None = new(0, 0);

    /// <summary>Both states together.</summary>
    public long Total => Retrying + Quarantined;
}

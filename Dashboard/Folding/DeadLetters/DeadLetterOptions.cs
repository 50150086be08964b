namespace Dashboard.Folding.DeadLetters;

/// <summary>Configuration section <c>DeadLetters</c>: how events the fold cannot apply are retried (docs/dead-letters.md).</summary>
public sealed class DeadLetterOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "DeadLetters";

    /// <summary>Failed attempts (the first included) after which an entry is quarantined. 1–100, default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first automatic retry, seconds; doubles after each failure. 1–3,600, default 2.</summary>
    public int RetryDelaySeconds { get; set; } = 2;

    /// <summary>Longest delay between automatic retries, seconds. At least <see cref="RetryDelaySeconds"/>, at most 86,400; default 300.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 300;

    /// <summary>Entries retried per tick at most, so a large backlog never lengthens one tick much. 1–10,000, default 100.</summary>
    public int RetriesPerTick { get; set; } = 100;

    /// <summary>The delay before the retry that follows failed attempt number <paramref name="attempts"/> (1-based).</summary>
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetryDelaySeconds, RetryDelaySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30))));
}

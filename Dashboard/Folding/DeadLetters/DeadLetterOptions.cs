using Microsoft.Extensions.Options;

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

/// <summary>Validates <see cref="DeadLetterOptions"/>; each failure names its configuration key.</summary>
internal sealed class DeadLetterOptionsValidator : IValidateOptions<DeadLetterOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadLetterOptions options)
    {
        var failures = new List<string>();
        const string Section = DeadLetterOptions.SectionName;
        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"{Section}:{nameof(options.MaxAttempts)} must be between 1 and 100 (was {options.MaxAttempts}).");
        }

        if (options.RetryDelaySeconds is < 1 or > 3600)
        {
            failures.Add($"{Section}:{nameof(options.RetryDelaySeconds)} must be between 1 and 3600 (was {options.RetryDelaySeconds}).");
        }

        if (options.MaxRetryDelaySeconds < options.RetryDelaySeconds || options.MaxRetryDelaySeconds > 86400)
        {
            failures.Add($"{Section}:{nameof(options.MaxRetryDelaySeconds)} must be between {Section}:{nameof(options.RetryDelaySeconds)} and 86400 (was {options.MaxRetryDelaySeconds}).");
        }

        if (options.RetriesPerTick is < 1 or > 10000)
        {
            failures.Add($"{Section}:{nameof(options.RetriesPerTick)} must be between 1 and 10000 (was {options.RetriesPerTick}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

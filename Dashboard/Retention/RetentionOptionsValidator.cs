using Microsoft.Extensions.Options;

namespace Dashboard.Retention;

/// <summary>Validates <see cref="RetentionOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <summary>The smallest <c>Retention:RollupDays</c>: the daily roll-up's age (Rollups.DailyRollup.Age), in days.</summary>
    public const int MinRollupDays = 8;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.Days is < 1 or > 3650)
        {
            failures.Add("Retention:Days must be between 1 and 3650.");
        }

        // Below the roll-up's age, retention would delete hourly rows the 168 h windows still read and the roll-up has
        // not moved into their day yet.
        if (options.RollupDays is < MinRollupDays or > 3650)
        {
            failures.Add($"Retention:RollupDays must be between {MinRollupDays} and 3650 (hourly roll-ups are kept {MinRollupDays} days for the 168 h windows).");
        }
        else if (options.RollupDays < options.Days)
        {
            failures.Add($"Retention:RollupDays ({options.RollupDays}) must be at least Retention:Days ({options.Days}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Dashboard.Folding.DeadLetters;

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

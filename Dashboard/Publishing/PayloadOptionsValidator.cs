using Microsoft.Extensions.Options;

namespace Dashboard.Publishing;

/// <summary>Validates <see cref="PayloadOptions"/>; each failure names its configuration key.</summary>
internal sealed class PayloadOptionsValidator : IValidateOptions<PayloadOptions>
{
    public ValidateOptionsResult Validate(string? name, PayloadOptions options)
    {
        var failures = new List<string>();
        Range(options.MaxActiveCalls, 1000, nameof(options.MaxActiveCalls));
        Range(options.MaxAgents, 5000, nameof(options.MaxAgents));
        Range(options.MaxCampaigns, 5000, nameof(options.MaxCampaigns));
        Range(options.MaxQueues, 1000, nameof(options.MaxQueues));
        Range(options.MaxWaitingSessions, 1000, nameof(options.MaxWaitingSessions));
        Range(options.MaxKpiSeries, 1000, nameof(options.MaxKpiSeries));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Range(int value, int max, string key)
        {
            if (value < 1 || value > max)
            {
                failures.Add($"{PayloadOptions.SectionName}:{key} must be between 1 and {max} (was {value}).");
            }
        }
    }
}

using Microsoft.Extensions.Options;
using System.Text.RegularExpressions;

namespace Dashboard.Kpis;

/// <summary>Validates <see cref="KpisOptions"/>; each failure names its configuration key.</summary>
internal sealed partial class KpisOptionsValidator : IValidateOptions<KpisOptions>
{
    /// <summary>Longest <c>Kpis:Units:{name}</c> value, in characters.</summary>
    public const int MaxUnitLength = 64;

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();

    public ValidateOptionsResult Validate(string? name, KpisOptions options)
    {
        var failures = new List<string>();
        if (options.MaxSeriesPerTenant is < 1 or > 100_000)
        {
            failures.Add($"{KpisOptions.SectionName}:{nameof(options.MaxSeriesPerTenant)} must be between 1 and 100000 (was {options.MaxSeriesPerTenant}).");
        }

        if (options.StaleAfterSeconds is < 10 or > 604_800)
        {
            failures.Add($"{KpisOptions.SectionName}:{nameof(options.StaleAfterSeconds)} must be between 10 and 604800 (was {options.StaleAfterSeconds}).");
        }

        foreach (var (metric, unit) in options.Units ?? [])
        {
            var key = $"{KpisOptions.SectionName}:{nameof(options.Units)}:{metric}";
            if (!MetricName().IsMatch(metric))
            {
                failures.Add($"{key}: the name must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).");
            }
            else if (string.IsNullOrEmpty(unit) || unit.Length > MaxUnitLength || unit.Any(char.IsControl))
            {
                failures.Add($"{key} must be 1 to {MaxUnitLength} characters without control characters.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

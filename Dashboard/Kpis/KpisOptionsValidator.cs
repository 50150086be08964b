using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Dashboard.Kpis;

/// <summary>Validates <see cref="KpisOptions"/>; each failure names its exact configuration key.</summary>
internal sealed partial class KpisOptionsValidator : IValidateOptions<KpisOptions>
{
    public ValidateOptionsResult Validate(string? name, KpisOptions options)
    {
        var failures = new List<string>();
        if (options.MaxSeriesPerTenant is < 1 or > KpisOptions.MaxSeriesPerTenantLimit)
        {
            failures.Add($"{KpisOptions.SectionName}:MaxSeriesPerTenant must be between 1 and {KpisOptions.MaxSeriesPerTenantLimit} (was {options.MaxSeriesPerTenant}).");
        }

        if (options.StaleAfterSeconds is < KpisOptions.MinStaleAfterSeconds or > KpisOptions.MaxStaleAfterSeconds)
        {
            failures.Add($"{KpisOptions.SectionName}:StaleAfterSeconds must be between {KpisOptions.MinStaleAfterSeconds} and {KpisOptions.MaxStaleAfterSeconds} (was {options.StaleAfterSeconds}).");
        }

        foreach (var (series, unit) in options.Units)
        {
            var shown = series.Length > 40 ? series[..40] + "…" : series;
            if (!MetricName().IsMatch(series))
            {
                failures.Add($"{KpisOptions.SectionName}:Units:{shown} must be keyed by a KPI name ([a-zA-Z_:][a-zA-Z0-9_:]*, at most 191 characters).");
            }
            else if (string.IsNullOrWhiteSpace(unit) || unit.Length > KpisOptions.MaxUnitLength)
            {
                failures.Add($"{KpisOptions.SectionName}:Units:{shown} must be a unit of 1 to {KpisOptions.MaxUnitLength} characters.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Prometheus' metric name rule (docs/events.md §5), with the catalogue's length bound.
    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]{0,190}$")]
    private static partial Regex MetricName();
}

using Microsoft.Extensions.Options;

namespace Dashboard.Pages.Shell;

/// <summary>Validates <see cref="PagesOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class PagesOptionsValidator : IValidateOptions<PagesOptions>
{
    public ValidateOptionsResult Validate(string? name, PagesOptions options)
    {
        var failures = new List<string>();
        if (options.ChartHistoryPoints is < 2 or > 3600)
        {
            failures.Add($"Pages:ChartHistoryPoints must be between 2 and 3600 (was {options.ChartHistoryPoints}).");
        }

        if (options.WallboardRotateSeconds is < 3 or > 3600)
        {
            failures.Add($"Pages:WallboardRotateSeconds must be between 3 and 3600 (was {options.WallboardRotateSeconds}).");
        }

        foreach (var (metric, t) in options.Thresholds)
        {
            var key = $"Pages:Thresholds:{metric}";
            if (t.Direction is not ("above" or "below"))
            {
                failures.Add($"{key}:Direction must be 'above' or 'below' (was '{t.Direction}').");
            }

            if (t.Warning is not { } warning || !double.IsFinite(warning))
            {
                failures.Add($"{key}:Warning must be set to a number.");
            }
            else if (t.Critical is not { } critical || !double.IsFinite(critical))
            {
                failures.Add($"{key}:Critical must be set to a number.");
            }
            // A critical level that is reached before the warning level would skip the warning entirely.
            else if (t.Direction == "above" && critical < warning)
            {
                failures.Add($"{key}:Critical ({critical}) must not be below {key}:Warning ({warning}) when Direction is 'above'.");
            }
            else if (t.Direction == "below" && critical > warning)
            {
                failures.Add($"{key}:Critical ({critical}) must not be above {key}:Warning ({warning}) when Direction is 'below'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

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

        ValidateWallboardKpis(options.Wallboard.Kpis, failures);

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

    // A name follows the Prometheus metric-name rule of docs/events.md §5; a key is a name with its labels in braces,
    // as the kpis_update payload writes it (it must match a key exactly, so only its shape is checked here).
    private static void ValidateWallboardKpis(List<string> kpis, List<string> failures)
    {
        if (kpis.Count > WallboardOptions.MaxKpis)
        {
            failures.Add($"Pages:Wallboard:Kpis must list at most {WallboardOptions.MaxKpis} series names or keys (was {kpis.Count}).");
        }

        for (var i = 0; i < kpis.Count; i++)
        {
            var entry = kpis[i];
            var brace = entry?.IndexOf('{', StringComparison.Ordinal) ?? -1;
            var name = brace < 0 ? entry : entry![..brace];
            if (string.IsNullOrEmpty(entry) || entry.Length > WallboardOptions.MaxKpiLength || !IsMetricName(name)
                || (brace >= 0 && !entry.EndsWith('}')))
            {
                failures.Add($"Pages:Wallboard:Kpis:{i} must be a series name such as leads or a series key such as leads{{region=\"eu\"}}, at most {WallboardOptions.MaxKpiLength} characters (was '{entry}').");
            }
        }
    }

    private static bool IsMetricName(string? name) =>
        name is { Length: > 0 } && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
}

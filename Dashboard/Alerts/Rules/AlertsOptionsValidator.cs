using Dashboard.Auth;
using Microsoft.Extensions.Options;

namespace Dashboard.Alerts.Rules;

/// <summary>
/// Validates <see cref="AlertsOptions"/> at start (docs/alerts.md, "Configuration"): the scalar keys' ranges and every
/// configured rule with <see cref="AlertRuleValidator"/>, each failure naming its exact key (<c>Alerts:Rules:{i}:Field</c>).
/// </summary>
internal sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        var failures = new List<string>();
        Range(failures, "EvaluateSeconds", options.EvaluateSeconds, 1, 60);
        Range(failures, "MaxSnapshotAgeSeconds", options.MaxSnapshotAgeSeconds, 5, 3600);
        Range(failures, "MaxRulesPerTenant", options.MaxRulesPerTenant, 1, 10_000);
        Range(failures, "MaxInstancesPerRule", options.MaxInstancesPerRule, 1, 10_000);

        var seen = new Dictionary<(string, string), int>();
        var perTenant = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var prefix = $"{AlertsOptions.SectionName}:Rules:{i}";
            var rule = options.Rules[i];
            if (!TenantName.IsValid(rule.Tenant))
            {
                failures.Add($"{prefix}:Tenant must be a tenant id: {TenantName.Rule}.");
            }

            AlertRuleValidator.Validate(ToInput(rule), idRequired: true, out var errors);
            foreach (var (field, messages) in errors)
            {
                failures.AddRange(messages.Select(m => $"{prefix}:{Key(field)}: {m}"));
            }

            if (rule.Tenant is { } tenant && rule.Id is { } id)
            {
                if (seen.TryGetValue((tenant, id), out var first))
                {
                    failures.Add($"{prefix}:Id: tenant {tenant} already has rule {id} at {AlertsOptions.SectionName}:Rules:{first}; ids are unique per tenant.");
                }
                else
                {
                    seen[(tenant, id)] = i;
                }

                perTenant[tenant] = perTenant.GetValueOrDefault(tenant) + 1;
            }
        }

        foreach (var (tenant, count) in perTenant.Where(kv => kv.Value > options.MaxRulesPerTenant))
        {
            failures.Add($"{AlertsOptions.SectionName}:Rules configures {count} rules for tenant {tenant}, more than {AlertsOptions.SectionName}:MaxRulesPerTenant ({options.MaxRulesPerTenant}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The validator's input of a configured rule.</summary>
    public static AlertRuleInput ToInput(AlertRuleOptions rule) => new(
        rule.Id, rule.Name, rule.Metric, rule.Labels, rule.Direction, rule.Warning, rule.Critical, rule.WarningRecovery,
        rule.CriticalRecovery, rule.ForSeconds, rule.KeepFiringForSeconds, rule.NoData);

    // A JSON field name as its configuration key (warningRecovery -> WarningRecovery).
    private static string Key(string field) => field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{AlertsOptions.SectionName}:{key} must be between {min} and {max} (was {value}).");
        }
    }
}

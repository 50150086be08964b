using Dashboard.Auth;
using Microsoft.Extensions.Options;

namespace Dashboard.Calendar;

/// <summary>Checks <c>Tenants:{tenant}:TimeZone</c> at start; every message names the exact key.</summary>
internal sealed class TenantsOptionsValidator : IValidateOptions<TenantsOptions>
{
    /// <summary>Longest accepted zone name (the longest IANA name is 32 characters).</summary>
    public const int MaxTimeZoneLength = 64;

    public ValidateOptionsResult Validate(string? name, TenantsOptions options)
    {
        var failures = new List<string>();
        foreach (var (tenant, settings) in options)
        {
            if (!TenantName.IsValid(tenant))
            {
                failures.Add($"Tenants:{tenant} must be a tenant id of {TenantName.Rule}.");
                continue;
            }

            if (settings.TimeZone is { } zone && TenantTimeZones.Problem(zone) is { } problem)
            {
                failures.Add($"Tenants:{tenant}:TimeZone {problem} (was '{(zone.Length > MaxTimeZoneLength ? zone[..MaxTimeZoneLength] + "…" : zone)}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

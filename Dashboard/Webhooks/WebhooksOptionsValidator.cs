using Microsoft.Extensions.Options;
using System.Text;

namespace Dashboard.Webhooks;

/// <summary>Validates <see cref="WebhooksOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class WebhooksOptionsValidator : IValidateOptions<WebhooksOptions>
{
    /// <summary>Shortest LiveKit API secret in bytes: HS256 keys must be at least as long as the hash (RFC 7518 §3.2).</summary>
    internal const int MinSecretBytes = 32;

    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        var failures = new List<string>();
        if (options.PublicBaseUrl is { } baseUrl
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            failures.Add($"{WebhooksOptions.SectionName}:PublicBaseUrl must be an absolute http or https URL without query or fragment (was '{baseUrl}').");
        }

        foreach (var (sid, account) in options.Twilio.Accounts)
        {
            var prefix = $"{WebhooksOptions.SectionName}:Twilio:Accounts:{sid}";
            if (string.IsNullOrEmpty(account.AuthToken))
            {
                failures.Add($"{prefix}:AuthToken is required: the account's auth token from the Twilio console.");
            }

            CheckTenant(account.Tenant, prefix, failures);
        }

        foreach (var (key, apiKey) in options.LiveKit.Keys)
        {
            var prefix = $"{WebhooksOptions.SectionName}:LiveKit:Keys:{key}";
            if (string.IsNullOrEmpty(apiKey.Secret))
            {
                failures.Add($"{prefix}:Secret is required: the API secret LiveKit signs webhooks with.");
            }
            else if (Encoding.UTF8.GetByteCount(apiKey.Secret) < MinSecretBytes)
            {
                failures.Add($"{prefix}:Secret must be at least {MinSecretBytes} bytes (HS256).");
            }

            CheckTenant(apiKey.Tenant, prefix, failures);
            if (apiKey.Direction is not ("inbound" or "outbound"))
            {
                failures.Add($"{prefix}:Direction must be 'inbound' or 'outbound' (was '{apiKey.Direction}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckTenant(string? tenant, string prefix, List<string> failures)
    {
        // The rule tokens are held to (Dashboard.Auth.TenantName), so a webhook cannot store for a tenant no token can name.
        if (!Dashboard.Auth.TenantName.IsValid(tenant))
        {
            failures.Add($"{prefix}:Tenant is required: the tenant name, {Dashboard.Auth.TenantName.Rule} (was '{tenant}').");
        }
    }
}

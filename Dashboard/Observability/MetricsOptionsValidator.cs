using Microsoft.Extensions.Options;

namespace Dashboard.Observability;

/// <summary>Validates <see cref="MetricsOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var failures = new List<string>();
        if (options.Port is { } port and (< 1 or > 65535))
        {
            failures.Add($"Metrics:Port must be between 1 and 65535 (was {port}).");
        }

        var token = options.BearerToken;
        if (options.RequireToken && string.IsNullOrEmpty(token))
        {
            failures.Add("Metrics:BearerToken is required when Metrics:RequireToken is true (environment variable Metrics__BearerToken): " +
                $"the secret scrapers send as 'Authorization: Bearer <token>', at least {MetricsOptions.MinBearerTokenLength} characters.");
        }
        else if (!options.RequireToken && !string.IsNullOrEmpty(token))
        {
            // A secret that is configured but not enforced would leave /metrics open while looking protected.
            failures.Add("Metrics:BearerToken is set but Metrics:RequireToken is false, so /metrics would be served without it; " +
                "set Metrics:RequireToken to true or remove Metrics:BearerToken.");
        }
        else if (token is not null && token.Length < MetricsOptions.MinBearerTokenLength)
        {
            failures.Add($"Metrics:BearerToken is {token.Length} characters long; at least {MetricsOptions.MinBearerTokenLength} are required.");
        }
        else if (token is not null && !token.All(c => c is > ' ' and <= '~'))
        {
            failures.Add("Metrics:BearerToken must be printable ASCII without spaces or control characters (it travels in an HTTP header).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Dashboard.Observability;

/// <summary>Access to <c>GET /metrics</c> (configuration section <c>Metrics</c>; docs/observability.md, "Formats and access").</summary>
public sealed class MetricsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Metrics";

    /// <summary>Shortest accepted <see cref="BearerToken"/>, in characters.</summary>
    public const int MinBearerTokenLength = 16;

    /// <summary>
    /// When true (<c>Metrics:RequireToken</c>, default false), a scrape must send <c>Authorization: Bearer &lt;token&gt;</c>
    /// with <see cref="BearerToken"/> (Prometheus <c>authorization: { credentials: … }</c> or <c>credentials_file</c>);
    /// otherwise the answer is <c>401</c> with <c>WWW-Authenticate: Bearer</c> and a problem document.
    /// </summary>
    public bool RequireToken { get; set; }

    /// <summary>
    /// The static scrape secret (<c>Metrics:BearerToken</c>, environment variable <c>Metrics__BearerToken</c>): at least
    /// 16 printable ASCII characters without spaces, e.g. <c>openssl rand -hex 32</c>. Required when
    /// <see cref="RequireToken"/> is true, and only allowed then. Compared in constant time; never logged.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// When set (<c>Metrics:Port</c>, 1..65535, default unset), <c>/metrics</c> is served only on this extra management
    /// port, which Kestrel listens on (all interfaces) besides the configured URLs, and answers <c>404</c> on the others.
    /// The management port serves nothing but <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.
    /// </summary>
    public int? Port { get; set; }
}

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

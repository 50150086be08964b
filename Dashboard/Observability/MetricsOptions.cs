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

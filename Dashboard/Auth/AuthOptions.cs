using System.Text;

namespace Dashboard.Auth;

/// <summary>Token validation settings (configuration section <c>Auth</c>; docs/protocol.md §2, and docs/identity.md).</summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// HS256 key (UTF-8, at least 32 bytes: RFC 7518 §3.2 requires a key at least as long as the hash).
    /// Environment variable: <c>Auth__SigningKey</c>. In Development a random key is generated into the data folder when unset.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Required <c>iss</c> claim (RFC 7519 §4.1.1) of tokens signed with <see cref="SigningKey"/> or <see cref="PublicKeys"/>
    /// when set; the server's own tokens carry it. Tokens of <see cref="Authority"/> are checked against its discovery
    /// document's <c>issuer</c> instead.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>Required <c>aud</c> claim when set (RFC 7519 §4.1.3), for every token; required with <see cref="Authority"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// RS256 (RSA, at least 2048 bits) and ES256 (EC P-256) public keys, each a PEM text (<c>-----BEGIN PUBLIC KEY-----</c>
    /// or <c>-----BEGIN RSA PUBLIC KEY-----</c>) or the path of a file holding one (absolute, or relative to the working
    /// directory). Configured as <c>Auth:PublicKeys:0</c>, <c>Auth:PublicKeys:1</c>, … (docs/identity.md).
    /// </summary>
    public List<string> PublicKeys { get; set; } = [];

    /// <summary>
    /// An OpenID Connect issuer (e.g. <c>https://keycloak.example/realms/ops</c>) whose
    /// <c>/.well-known/openid-configuration</c> and JWKS are fetched, and refetched when a token names an unknown
    /// <c>kid</c>; unset: no identity provider.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>When true (default), <see cref="Authority"/> and its <c>jwks_uri</c> must be <c>https</c>.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Shortest time, in seconds, between two refetches of the authority's keys that unknown <c>kid</c>s ask for (a
    /// flood of forged <c>kid</c>s costs at most one fetch per interval). Default 30; 1 to 3600.
    /// </summary>
    public int KeyRefreshIntervalSeconds { get; set; } = 30;

    /// <summary>The claim holding the tenant (a JSON string). Default <c>tenant</c>.</summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>The claim holding the scopes: a space-separated string, or a JSON array of strings (Entra ID's and Okta's <c>scp</c>). Default <c>scope</c>.</summary>
    public string ScopeClaim { get; set; } = "scope";

    /// <summary>Tolerance applied to <c>exp</c> and <c>nbf</c>, in seconds. Default 30.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>
    /// Longest lifetime, in seconds, of the tokens <c>GET /api/v1/session/token</c> mints for the pages' cookie session
    /// (never beyond the session's own end). Default 900 (15 minutes); 1 to 86400.
    /// </summary>
    public int SessionTokenLifetimeSeconds { get; set; } = 900;

    internal byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey ?? "");
}

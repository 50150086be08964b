using System.Text;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>Token validation settings (configuration section <c>Auth</c>; docs/protocol.md, "Tokens", and docs/identity.md).</summary>
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

/// <summary>Validates <see cref="AuthOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <summary>The key whose window a session token must outlive (read here: it belongs to the realtime options).</summary>
    internal const string WarningKey = "Realtime:TokenExpiryWarningSeconds";

    private const int DefaultWarningSeconds = 60;

    private readonly IConfiguration? _configuration;

    /// <summary>Checks the <c>Auth</c> keys alone (the <c>token</c> command, which mints no session tokens).</summary>
    public AuthOptionsValidator()
    {
    }

    /// <summary>Also checks <c>Auth:SessionTokenLifetimeSeconds</c> against <c>Realtime:TokenExpiryWarningSeconds</c> (the server).</summary>
    public AuthOptionsValidator(IConfiguration configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            return ValidateOptionsResult.Fail("Auth:SigningKey is required (environment variable Auth__SigningKey): an HS256 key of at least 32 bytes.");
        }

        if (options.SigningKeyBytes.Length < 32)
        {
            return ValidateOptionsResult.Fail($"Auth:SigningKey is {options.SigningKeyBytes.Length} bytes long; HS256 needs at least 32.");
        }

        if ((AuthorityProblem(options) ?? ClaimNameProblem(options) ?? PublicKeyProblem(options)) is { } problem)
        {
            return ValidateOptionsResult.Fail(problem);
        }

        if (options.ClockSkewSeconds is < 0 or > 300)
        {
            return ValidateOptionsResult.Fail("Auth:ClockSkewSeconds must be between 0 and 300.");
        }

        if (options.SessionTokenLifetimeSeconds is < 1 or > 86400)
        {
            return ValidateOptionsResult.Fail($"Auth:SessionTokenLifetimeSeconds must be between 1 and 86400 (was {options.SessionTokenLifetimeSeconds}).");
        }

        // A session token that starts inside the token_expiring window draws the warning with its own auth_success, and
        // the page's refresh gets another such token: an endless refresh loop. More than twice the window leaves a token
        // at least as long outside the warning as inside it.
        var warning = WarningSeconds();
        return warning is { } w && options.SessionTokenLifetimeSeconds <= 2L * w
            ? ValidateOptionsResult.Fail(
                $"Auth:SessionTokenLifetimeSeconds ({options.SessionTokenLifetimeSeconds}) must be more than twice {WarningKey} ({w}), " +
                $"or every session token is announced as expiring as soon as it is used; raise Auth:SessionTokenLifetimeSeconds above {2L * w} or lower {WarningKey}.")
            : ValidateOptionsResult.Success;
    }

    private static string? AuthorityProblem(AuthOptions options)
    {
        if (options.KeyRefreshIntervalSeconds is < 1 or > 3600)
        {
            return $"Auth:KeyRefreshIntervalSeconds must be between 1 and 3600 (was {options.KeyRefreshIntervalSeconds}).";
        }

        if (string.IsNullOrEmpty(options.Authority))
        {
            return null;
        }

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http") || authority.Query.Length > 0 || authority.Fragment.Length > 0)
        {
            return $"Auth:Authority must be an absolute http(s) URL without query or fragment, the issuer of an OpenID Connect provider (was '{options.Authority}').";
        }

        if (authority.Scheme != "https" && options.RequireHttpsMetadata)
        {
            return $"Auth:Authority must use https (was '{options.Authority}'); set Auth:RequireHttpsMetadata to false only for a development issuer.";
        }

        // Without an audience, any token the provider issues for any of its applications would be accepted here.
        return string.IsNullOrEmpty(options.Audience)
            ? "Auth:Audience is required with Auth:Authority: the aud value the identity provider puts into this server's access tokens."
            : null;
    }

    private static string? ClaimNameProblem(AuthOptions options)
    {
        foreach (var (key, value) in new[] { ("Auth:TenantClaim", options.TenantClaim), ("Auth:ScopeClaim", options.ScopeClaim) })
        {
            if (value is not { Length: > 0 and <= 100 } || value.Any(char.IsControl))
            {
                return $"{key} must be a claim name of 1 to 100 characters without control characters.";
            }
        }

        return options.TenantClaim == options.ScopeClaim ? "Auth:TenantClaim and Auth:ScopeClaim must name different claims." : null;
    }

    private static string? PublicKeyProblem(AuthOptions options)
    {
        for (var i = 0; i < options.PublicKeys.Count; i++)
        {
            try
            {
                using var key = PublicKeyPem.Load(options.PublicKeys[i], $"Auth:PublicKeys:{i}");
            }
            catch (FormatException e)
            {
                return e.Message;
            }
        }

        return null;
    }

    // Null without configuration or when the value is not a number: the realtime options' own validation reports that.
    private int? WarningSeconds()
    {
        if (_configuration is null)
        {
            return null;
        }

        var text = _configuration[WarningKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultWarningSeconds;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Auth;

/// <summary>The result of validating a token: a principal, or an error code (docs/protocol.md §2) and a reason.</summary>
/// <param name="Principal">Set when the token is valid.</param>
/// <param name="ErrorCode"><c>invalid_token</c> or <c>token_expired</c> when it is not.</param>
/// <param name="Reason">A human-readable reason, free of secrets.</param>
public sealed record TokenValidation(TokenPrincipal? Principal, string? ErrorCode, string? Reason)
{
    /// <summary>True when <see cref="Principal"/> is set.</summary>
    public bool IsValid => Principal is not null;
}

/// <summary>
/// Validates and issues the JWTs of docs/protocol.md §2 (RFC 7519) with <see cref="JsonWebTokenHandler"/>.
/// Validation uses the same parameters and keys as the HTTP bearer scheme (JwtBearer): <c>Auth:SigningKey</c> (HS256),
/// <c>Auth:PublicKeys</c> (RS256/ES256) and the keys of <c>Auth:Authority</c> from the scheme's configuration manager, with
/// the same refetch when a token names an unknown <c>kid</c>. <c>alg: none</c>, other algorithms and a key used with
/// another key type's algorithm are rejected. Lifetime (<c>exp</c> required, <c>nbf</c> honoured, clock skew) is checked
/// against the injected <see cref="TimeProvider"/>. The tenant and scopes come from <c>Auth:TenantClaim</c> and
/// <c>Auth:ScopeClaim</c>; whatever signed the token, <see cref="ReadPrincipal"/> is where its principal is made.
/// </summary>
public sealed class TokenService
{
    /// <summary>Longest accepted token, in characters (docs/limits.md, "Tokens").</summary>
    public const int MaxTokenLength = 8192;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<JwtBearerOptions>? _bearer;
    private readonly Lazy<TokenParameters> _ownParameters;

    /// <summary>
    /// A token service. In the app, <paramref name="bearer"/> is the JwtBearer scheme's options, whose parameters and
    /// authority keys validation shares; without it (the <c>token</c> command, tools that only issue) validation uses
    /// parameters of its own built the same way, without an authority.
    /// </summary>
    public TokenService(IOptions<AuthOptions> options, TimeProvider time, IOptionsMonitor<JwtBearerOptions>? bearer = null)
    {
        _options = options.Value;
        _time = time;
        _bearer = bearer;
        _ownParameters = new(() => TokenParameters.Create(_options, _time));
    }

    /// <summary>Validates <paramref name="token"/>; never throws for bad input.</summary>
    public async Task<TokenValidation> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
        {
            return Invalid("invalid_token", "token missing or too long");
        }

        TokenValidationParameters parameters;
        if (_bearer?.Get(JwtBearerDefaults.AuthenticationScheme) is { } bearer)
        {
            // As JwtBearerHandler does per request: a clone, with the scheme's configuration manager.
            parameters = bearer.TokenValidationParameters.Clone();
            parameters.ConfigurationManager = bearer.ConfigurationManager as BaseConfigurationManager;
        }
        else
        {
            parameters = _ownParameters.Value.Parameters;
        }

        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, parameters);
        }
        catch (ArgumentException)
        {
            return Invalid("invalid_token", "malformed token");
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return Describe(result.Exception);
        }

        return ReadPrincipal(jwt);
    }

    /// <summary>
    /// The principal of a token whose signature, issuer, audience and lifetime are already validated: the tenant
    /// (<c>Auth:TenantClaim</c>, a JSON string following <see cref="TenantName.Rule"/>), <c>sub</c>, the scopes
    /// (<c>Auth:ScopeClaim</c>, a space-separated string or an array of strings) and <c>exp</c>. An invalid result names the claim.
    /// </summary>
    internal TokenValidation ReadPrincipal(JsonWebToken jwt)
    {
        // A JSON string only: TryGetPayloadValue<string> would also turn the number 42 into "42".
        if (!jwt.TryGetClaim(_options.TenantClaim, out var tenantClaim) || tenantClaim.ValueType != ClaimValueTypes.String
            || !jwt.TryGetPayloadValue<string>(_options.TenantClaim, out var tenant) || string.IsNullOrEmpty(tenant))
        {
            return Invalid("invalid_token", $"tenant claim is required ('{_options.TenantClaim}', a string)");
        }

        // Refused here, not deep in storage: the tenant is in every key, topic and log line (docs/limits.md).
        if (!TenantName.IsValid(tenant))
        {
            return Invalid("invalid_token", "tenant claim must be " + TenantName.Rule);
        }

        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in jwt.Claims.Where(c => c.Type == _options.ScopeClaim))
        {
            if (claim.ValueType != ClaimValueTypes.String)
            {
                return Invalid("invalid_token", $"scope claim ('{_options.ScopeClaim}') must be a string or an array of strings");
            }

            scopes.UnionWith(claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        jwt.TryGetPayloadValue<string>("sub", out var sub);
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
        return new TokenValidation(new TokenPrincipal(tenant, sub ?? "", scopes, expiresAt), null, null);
    }

    /// <summary>
    /// The error code (<c>token_expired</c> for an expired token, else <c>invalid_token</c>) and a reason free of the
    /// token and of key material, for a validation failure of <see cref="JsonWebTokenHandler"/>.
    /// </summary>
    internal static TokenValidation Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => Invalid("token_expired", "token expired"),
        SecurityTokenNotYetValidException => Invalid("invalid_token", "token not yet valid (nbf)"),
        SecurityTokenNoExpirationException => Invalid("invalid_token", "exp claim is required"),
        SecurityTokenInvalidAudienceException => Invalid("invalid_token", "audience rejected (aud is not Auth:Audience)"),
        SecurityTokenInvalidIssuerException e => Invalid("invalid_token", e.Message),
        SecurityTokenInvalidAlgorithmException => Invalid("invalid_token", "algorithm rejected"),
        SecurityTokenSignatureKeyNotFoundException => Invalid("invalid_token", "signature rejected: no configured or published key verifies it"),
        SecurityTokenInvalidSignatureException => Invalid("invalid_token", "signature rejected"),
        SecurityTokenMalformedException or ArgumentException => Invalid("invalid_token", "malformed token"),
        _ => Invalid("invalid_token", "token rejected"),
    };

    /// <summary>Issues an HS256 token (signed with <c>Auth:SigningKey</c>, carrying <c>Auth:Issuer</c>/<c>Auth:Audience</c> when set) for <paramref name="tenant"/> valid for <paramref name="lifetime"/> from now.</summary>
    /// <param name="tenant">The <c>tenant</c> claim.</param>
    /// <param name="subject">The <c>sub</c> claim.</param>
    /// <param name="scopes">Space-separated scopes, e.g. <c>"dashboard:read events:write"</c>.</param>
    /// <param name="lifetime">Time until <c>exp</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="tenant"/> breaks <see cref="TenantName.Rule"/>: such a token would be refused.</exception>
    public string Issue(string tenant, string subject, string scopes, TimeSpan lifetime)
    {
        if (!TenantName.IsValid(tenant))
        {
            throw new ArgumentException("The tenant must be " + TenantName.Rule + ".", nameof(tenant));
        }

        var now = _time.GetUtcNow();
        // Under the configured claim names, so this server's own tokens read back like the identity provider's.
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            [_options.TenantClaim] = tenant,
            [_options.ScopeClaim] = scopes,
        };
        if (!string.IsNullOrEmpty(_options.Issuer))
        {
            claims["iss"] = _options.Issuer;
        }

        if (!string.IsNullOrEmpty(_options.Audience))
        {
            claims["aud"] = _options.Audience;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_options.SigningKeyBytes), SecurityAlgorithms.HmacSha256),
        });
    }

    private static TokenValidation Invalid(string code, string reason) => new(null, code, reason);
}

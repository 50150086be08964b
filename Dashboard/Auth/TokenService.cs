using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Auth;

/// <summary>The result of validating a token: a principal, or an error code from PROTOCOL.md §3.9 and a reason.</summary>
/// <param name="Principal">Set when the token is valid.</param>
/// <param name="ErrorCode"><c>invalid_token</c> or <c>token_expired</c> when it is not.</param>
/// <param name="Reason">A human-readable reason, free of secrets.</param>
public sealed record TokenValidation(TokenPrincipal? Principal, string? ErrorCode, string? Reason)
{
    /// <summary>True when <see cref="Principal"/> is set.</summary>
    public bool IsValid => Principal is not null;
}

/// <summary>
/// Validates and issues the JWTs of PROTOCOL.md §2 (RFC 7519, HS256 per RFC 7518 §3.2) with
/// <see cref="JsonWebTokenHandler"/>. <c>alg: none</c> and every algorithm but HS256 are rejected.
/// Lifetime (<c>exp</c> required, <c>nbf</c> honoured, clock skew) is checked against the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TokenService(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly AuthOptions _options = options.Value;

    /// <summary>Validates <paramref name="token"/>; never throws for bad input.</summary>
    public async Task<TokenValidation> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 8192)
        {
            return Invalid("invalid_token", "token missing or too long");
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(_options.SigningKeyBytes),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidateIssuer = _options.Issuer is not null,
            ValidIssuer = _options.Issuer,
            ValidateAudience = _options.Audience is not null,
            ValidAudience = _options.Audience,
            // Lifetime is checked below against TimeProvider, so tests can move the clock.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };

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
            return Invalid("invalid_token", "signature, algorithm, issuer or audience rejected");
        }

        if (!jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            return Invalid("invalid_token", "exp claim is required");
        }

        var now = time.GetUtcNow();
        var skew = TimeSpan.FromSeconds(_options.ClockSkewSeconds);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (now - skew >= expiresAt)
        {
            return Invalid("token_expired", "token expired");
        }

        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && now + skew < DateTimeOffset.FromUnixTimeSeconds(nbf))
        {
            return Invalid("invalid_token", "token not yet valid (nbf)");
        }

        // A JSON string only: TryGetPayloadValue<string> would also turn the number 42 into "42".
        if (!jwt.TryGetClaim(TokenPrincipal.TenantClaim, out var tenantClaim) || tenantClaim.ValueType != System.Security.Claims.ClaimValueTypes.String
            || !jwt.TryGetPayloadValue<string>(TokenPrincipal.TenantClaim, out var tenant) || string.IsNullOrEmpty(tenant))
        {
            return Invalid("invalid_token", "tenant claim is required");
        }

        // Refused here, not deep in storage: the tenant is in every key, topic and log line (docs/limits.md).
        if (!TenantName.IsValid(tenant))
        {
            return Invalid("invalid_token", "tenant claim must be " + TenantName.Rule);
        }

        jwt.TryGetPayloadValue<string>("sub", out var sub);
        jwt.TryGetPayloadValue<string>(TokenPrincipal.ScopeClaim, out var scope);
        var scopes = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new TokenValidation(new TokenPrincipal(tenant, sub ?? "", scopes, expiresAt), null, null);
    }

    /// <summary>Issues an HS256 token for <paramref name="tenant"/> valid for <paramref name="lifetime"/> from now.</summary>
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

        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            [TokenPrincipal.TenantClaim] = tenant,
            [TokenPrincipal.ScopeClaim] = scopes,
        };
        if (_options.Issuer is not null)
        {
            claims["iss"] = _options.Issuer;
        }

        if (_options.Audience is not null)
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

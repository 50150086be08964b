using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Auth;

/// <summary>
/// The one set of <see cref="TokenValidationParameters"/> of the server (docs/protocol.md §2), built from
/// <c>Auth:*</c>: JwtBearer (HTTP) and <see cref="TokenService.ValidateAsync"/> (the WebSocket <c>auth</c> message, the
/// <c>/login?token=</c> cookie session) both validate with it. The authority's keys are not in it: they come per
/// validation from the <see cref="AuthorityConfigurationManager"/> set as its <c>ConfigurationManager</c>.
/// </summary>
internal sealed class TokenParameters : IDisposable
{
    private readonly List<AsymmetricAlgorithm> _owned;
    private readonly HashSet<SecurityKey> _localKeys;

    private TokenParameters(AuthOptions options, TimeProvider time)
    {
        _owned = [.. options.PublicKeys.Select((pem, i) => PublicKeyPem.Load(pem, $"Auth:PublicKeys:{i}"))];
        // Each key named (by its configuration key, never its material): the library compares a token's kid with every
        // key's KeyId when a signature fails, and a null KeyId turned that into a NullReferenceException ("token rejected").
        var keys = new List<SecurityKey> { new SymmetricSecurityKey(options.SigningKeyBytes) { KeyId = "Auth:SigningKey" } };
        keys.AddRange(_owned.Select(SecurityKey (a, i) => a is RSA rsa
            ? new RsaSecurityKey(rsa) { KeyId = $"Auth:PublicKeys:{i}" }
            : new ECDsaSecurityKey((ECDsa)a) { KeyId = $"Auth:PublicKeys:{i}" }));
        _localKeys = new HashSet<SecurityKey>(keys, ReferenceEqualityComparer.Instance);
        var issuer = string.IsNullOrEmpty(options.Issuer) ? null : options.Issuer;
        Parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            AlgorithmValidator = (alg, key, _, _) => IsAllowed(alg, key),
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidateIssuer = true,
            IssuerValidatorUsingConfiguration = (iss, token, _, configuration) => ValidateIssuer(iss, token, configuration, issuer),
            ValidateAudience = !string.IsNullOrEmpty(options.Audience),
            ValidAudience = string.IsNullOrEmpty(options.Audience) ? null : options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
            // Against the app's TimeProvider, not the library's clock: tests move time.
            LifetimeValidator = (notBefore, expires, _, parameters) => ValidateLifetime(notBefore, expires, parameters.ClockSkew, time),
            // Claims keep their JWT names (sub, tenant, scope): the app reads them by those names.
            NameClaimType = "sub",
            RoleClaimType = "roles",
        };
    }

    /// <summary>The parameters; clone before changing (JwtBearer does, per request).</summary>
    public TokenValidationParameters Parameters { get; }

    /// <summary>Builds the parameters and loads <c>Auth:PublicKeys</c>.</summary>
    /// <exception cref="FormatException">A public key is unusable (the message names its configuration key).</exception>
    public static TokenParameters Create(AuthOptions options, TimeProvider time) => new(options, time);

    /// <summary>
    /// Each key signs with one algorithm: HS256 only with <c>Auth:SigningKey</c>, RS256 only with RSA keys, ES256 only
    /// with P-256 keys (RFC 7518 §3.1), whether the key is bare or an <c>x5c</c> certificate's. A JWKS entry naming
    /// another <c>alg</c> never gets here (<see cref="AuthorityConfigurationManager.KeepSignatureKeys"/>). So an HS256
    /// token "signed" with an RSA public key's bytes, or a symmetric key slipped into a JWKS, never verifies.
    /// </summary>
    internal static bool IsAllowed(string alg, SecurityKey key) => alg == key switch
    {
        SymmetricSecurityKey => SecurityAlgorithms.HmacSha256,
        RsaSecurityKey => SecurityAlgorithms.RsaSha256,
        ECDsaSecurityKey => SecurityAlgorithms.EcdsaSha256,
        // A JWKS entry with an x5c certificate (Keycloak, Entra ID) resolves to this first, before its n/e twin.
        X509SecurityKey { PublicKey: RSA } => SecurityAlgorithms.RsaSha256,
        X509SecurityKey { PublicKey: ECDsa ec } when ec.KeySize == 256 => SecurityAlgorithms.EcdsaSha256,
        JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA } jwk when jwk.Alg is null or SecurityAlgorithms.RsaSha256 => SecurityAlgorithms.RsaSha256,
        JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve, Crv: JsonWebKeyECTypes.P256 } jwk when jwk.Alg is null or SecurityAlgorithms.EcdsaSha256 => SecurityAlgorithms.EcdsaSha256,
        _ => null,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _owned)
        {
            key.Dispose();
        }
    }

    // Runs after the signature check, so the key is known: a local key's token must carry Auth:Issuer when that is set
    // (and may carry none otherwise); an authority key's token must carry the issuer of its discovery document.
    private string ValidateIssuer(string? iss, SecurityToken token, BaseConfiguration? configuration, string? localIssuer)
    {
        var key = (token as JsonWebToken)?.SigningKey;
        if (key is not null && _localKeys.Contains(key))
        {
            return localIssuer is null || iss == localIssuer
                ? iss ?? System.Security.Claims.ClaimsIdentity.DefaultIssuer
                : throw new SecurityTokenInvalidIssuerException("issuer rejected (iss is not Auth:Issuer)") { InvalidIssuer = iss };
        }

        return configuration?.Issuer is { Length: > 0 } expected && iss == expected
            ? iss
            : throw new SecurityTokenInvalidIssuerException("issuer rejected (iss is not the identity provider's issuer)") { InvalidIssuer = iss };
    }

    private static bool ValidateLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("exp claim is required");
        }

        if (now - skew >= exp)
        {
            throw new SecurityTokenExpiredException("token expired") { Expires = exp };
        }

        if (notBefore is { } nbf && now + skew < nbf)
        {
            throw new SecurityTokenNotYetValidException("token not yet valid (nbf)") { NotBefore = nbf };
        }

        return true;
    }
}

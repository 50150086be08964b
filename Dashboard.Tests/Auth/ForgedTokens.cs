using System.Text;
using Dashboard.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Auth;

/// <summary>
/// Tokens <c>TokenService.Issue</c> refuses to mint: validly signed ones (the server's own key, HS256) with claims such as
/// a tenant with a NUL byte, what a holder of the signing key or a buggy external issuer could produce; and the attacks
/// a verifier must refuse: <c>alg: none</c>, an HS256 token keyed with a public key's bytes, algorithms no key allows.
/// </summary>
internal static class ForgedTokens
{
    public static string WithTenant(DashboardServer server, object tenant, string scopes = "dashboard:read events:write") =>
        Hs256(server, new Dictionary<string, object> { ["sub"] = "forger", ["tenant"] = tenant, ["scope"] = scopes });

    /// <summary>These claims, valid for an hour, signed HS256 with the server's own key.</summary>
    public static string Hs256(DashboardServer server, Dictionary<string, object> claims) =>
        Signed(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(server.SigningKey)), SecurityAlgorithms.HmacSha256, claims);

    /// <summary>These claims, valid for an hour, signed by <paramref name="key"/> with <paramref name="alg"/>.</summary>
    public static string Signed(SecurityKey key, string alg, Dictionary<string, object> claims, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, alg),
        });
    }

    /// <summary>An HS256 token whose HMAC key is <paramref name="keyBytes"/>, e.g. an RSA public key's PEM or DER: HS/RS confusion.</summary>
    public static string HmacWith(byte[] keyBytes, Dictionary<string, object> claims, string? issuer = null) =>
        Signed(new SymmetricSecurityKey(keyBytes), SecurityAlgorithms.HmacSha256, claims, issuer);

    /// <summary><c>{"alg":"none"}</c> with these claims and an empty signature (RFC 7519 §6.1).</summary>
    public static string Unsigned(Dictionary<string, object> claims)
    {
        var payload = new Dictionary<string, object>(claims) { ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() };
        return Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "."
            + Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(payload)) + ".";
    }
}

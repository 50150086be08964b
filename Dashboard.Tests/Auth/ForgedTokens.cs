using System.Text;
using Dashboard.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Auth;

/// <summary>
/// Validly signed tokens (the server's own key, HS256) with claims <c>TokenService.Issue</c> refuses to mint, such as a
/// tenant with a NUL byte: what a holder of the signing key, or a buggy external issuer, could produce.
/// </summary>
internal static class ForgedTokens
{
    public static string WithTenant(DashboardServer server, object tenant, string scopes = "dashboard:read events:write")
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = "forger", ["tenant"] = tenant, ["scope"] = scopes },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(server.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// Authenticates HTTP requests by <c>Authorization: Bearer &lt;jwt&gt;</c> (RFC 6750 §2.1) or, for EventSource and
/// polling clients that cannot set headers, the <c>access_token</c> query parameter (RFC 6750 §2.3).
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>True when the request carries a bearer token in the header or the query.</summary>
    public static bool HasToken(HttpRequest request) =>
        request.Headers.Authorization.Any(h => h?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        || request.Query.ContainsKey("access_token");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (Request.Query.TryGetValue("access_token", out var q))
        {
            token = q.ToString();
        }

        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await tokens.ValidateAsync(token);
        if (!result.IsValid)
        {
            return AuthenticateResult.Fail(result.Reason ?? "invalid token");
        }

        var identity = new ClaimsIdentity(result.Principal!.ToClaims(), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// <c>401</c>. For a token that was sent but refused: <c>WWW-Authenticate: Bearer error="invalid_token",
    /// error_description="…"</c> (RFC 6750 §3) and a problem+json body with the same reason (e.g. which claim broke which
    /// rule), so a client can tell a bad token from a missing one. The reasons are <see cref="TokenService"/>'s, which
    /// never quote the token.
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is not { } failure)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        // RFC 6750 §3: error_description is printable ASCII without '"' and '\'.
        var reason = new string([.. failure.Message.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?')]);
        Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid token", detail: reason).ExecuteAsync(Context);
    }
}

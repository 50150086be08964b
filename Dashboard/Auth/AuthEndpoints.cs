using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Auth;

/// <summary><c>GET /login?token=</c> (PROTOCOL.md §1) and the session token the pages' script uses for the WebSocket handshake.</summary>
public static class AuthEndpoints
{
    /// <summary>Maps <c>/login</c>, <c>/logout</c> and <c>/api/v1/session/token</c>.</summary>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", LoginAsync).AllowAnonymous();
        app.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.Redirect("/signin");
        }).AllowAnonymous();
        app.MapGet("/api/v1/session/token", SessionToken).RequireAuthorization(Scopes.Policies.Read);
        return app;
    }

    /// <summary>Exchanges a token for an HTTP-only cookie session lasting until the token's <c>exp</c>, then redirects to <c>/</c>.</summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LoginAsync(HttpContext ctx, string? token, TokenService tokens)
    {
        var result = await tokens.ValidateAsync(token);
        if (!result.IsValid)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid token", detail: result.Reason);
        }

        var principal = result.Principal!;
        if (!principal.Has(Scopes.Read))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"The token lacks the '{Scopes.Read}' scope.");
        }

        var identity = new ClaimsIdentity(principal.ToClaims().Append(new Claim(TokenPrincipal.TokenClaim, token!)), CookieAuthenticationDefaults.AuthenticationScheme);
        await ctx.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = principal.ExpiresAt, IsPersistent = true, AllowRefresh = false });
        return TypedResults.Redirect("/");
    }

    /// <summary><c>{"token":"…","expiresAt":"…"}</c>: the signed-in page's token, for the WebSocket <c>auth</c> message.</summary>
    private static Results<Ok<SessionTokenResponse>, NotFound> SessionToken(ClaimsPrincipal user)
    {
        var token = user.FindFirst(TokenPrincipal.TokenClaim)?.Value;
        var principal = TokenPrincipal.FromClaims(user);
        return token is null || principal is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new SessionTokenResponse(token, principal.ExpiresAt));
    }

    /// <summary>The session token and its expiry (UTC).</summary>
    public sealed record SessionTokenResponse(string Token, DateTimeOffset ExpiresAt);
}

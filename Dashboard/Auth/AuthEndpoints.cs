using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary><c>GET /login?token=</c> (docs/protocol.md §2) and the session tokens the pages' script uses for the WebSocket handshake.</summary>
public static partial class AuthEndpoints
{
    // The scopes a page's script may hold: whatever else the login token grants (events:write) stays out of reach of a
    // script injected into the page.
    private static readonly HashSet<string> PageScopes = new([Scopes.Read, Scopes.Admin], StringComparer.Ordinal);

    /// <summary>Maps <c>/login</c>, <c>/logout</c>, <c>/api/v1/session/token</c> and the sign-in at the issuer (<see cref="SignInEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", LoginAsync).AllowAnonymous();
        // Ends the cookie session (and the issuer's, for a session opened there): session tokens minted before stay valid
        // until their exp (at most Auth:SessionTokenLifetimeSeconds); an open WebSocket's next refresh gets 401 and the
        // page signs in again.
        app.MapPost("/logout", (HttpContext ctx, ILoggerFactory loggers) => OidcSignIn.SignOutAsync(ctx, loggers.CreateLogger(typeof(AuthEndpoints))))
            .AllowAnonymous();
        app.MapSignInEndpoints();
        app.MapGet("/api/v1/session/token", SessionToken).RequireAuthorization(Scopes.Policies.Read);
        return app;
    }

    /// <summary>
    /// Exchanges a token for an HTTP-only cookie session lasting until the token's <c>exp</c>, then redirects to
    /// <c>returnUrl</c> when it is a path on this site (e.g. <c>/wallboard</c>: a TV's sign-in link), else to <c>/</c>.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LoginAsync(HttpContext ctx, string? token, string? returnUrl, TokenService tokens)
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

        // The cookie keeps the claims, not the token: the page gets short-lived tokens from /api/v1/session/token.
        var identity = new ClaimsIdentity(principal.ToClaims(), CookieAuthenticationDefaults.AuthenticationScheme);
        await ctx.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = principal.ExpiresAt, IsPersistent = true, AllowRefresh = false });
        return TypedResults.Redirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
    }

    // Only a path of this site: "//host" and "/\host" are protocol-relative to another host (an open redirect).
    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 and <= 2000 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary>
    /// <c>{"token":"…","expiresAt":"…"}</c>: a new short-lived token for the signed-in page's WebSocket <c>auth</c> message
    /// (docs/protocol.md §10). It carries the session's tenant and sub, and only those of its
    /// scopes the pages use (<c>dashboard:read</c>, <c>admin</c>); it lives
    /// <c>min(Auth:SessionTokenLifetimeSeconds, session end − now)</c>: the cookie session still ends at the login
    /// token's <c>exp</c>, and no token minted here outlives it. 401 once the session is over (or less than a second of
    /// it is left); 403 (from the policy) for a session without <c>dashboard:read</c>; 404 for callers that are not a
    /// cookie session (a bearer client already holds its token). The page's script signs in again on any of the three.
    /// </summary>
    private static Results<Ok<SessionTokenResponse>, UnauthorizedHttpResult, NotFound> SessionToken(
        HttpContext ctx, TokenService tokens, IOptions<AuthOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        // A credential: never stored by the browser or a proxy.
        ctx.Response.Headers.CacheControl = "no-store";
        var principal = TokenPrincipal.FromClaims(ctx.User);
        if (principal is null || ctx.User.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme)
        {
            return TypedResults.NotFound();
        }

        var now = time.GetUtcNow();
        var cap = TimeSpan.FromSeconds(options.Value.SessionTokenLifetimeSeconds);
        var end = principal.ExpiresAt < now + cap ? principal.ExpiresAt : now + cap;
        // exp is whole seconds (RFC 7519 NumericDate): round down so the answer names the token's exact exp.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(end.ToUnixTimeSeconds());
        if (expiresAt <= now)
        {
            return TypedResults.Unauthorized();
        }

        var token = tokens.Issue(principal.Tenant, principal.Subject, string.Join(' ', principal.Scopes.Where(PageScopes.Contains)), expiresAt - now);
        LogSessionTokenIssued(loggers.CreateLogger(typeof(AuthEndpoints)), principal.Tenant, principal.Subject, expiresAt);
        return TypedResults.Ok(new SessionTokenResponse(token, expiresAt));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Issued a session token for tenant {Tenant}, sub {Subject}, expiring {ExpiresAt:o}")]
    private static partial void LogSessionTokenIssued(ILogger logger, string tenant, string subject, DateTimeOffset expiresAt);

    /// <summary>The session token and its expiry (UTC).</summary>
    public sealed record SessionTokenResponse(string Token, DateTimeOffset ExpiresAt);
}

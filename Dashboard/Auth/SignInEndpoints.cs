using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary><c>GET /signin/oidc</c> (the sign-in page's button) and <c>GET /signin/complete</c> (docs/identity.md).</summary>
internal static class SignInEndpoints
{
    /// <summary>Starts sign-in at the issuer.</summary>
    public const string ChallengePath = "/signin/oidc";

    /// <summary>Where the issuer's round trip ends before the page the person asked for.</summary>
    public const string CompletePath = "/signin/complete";

    /// <summary>Maps the two endpoints (404 while <c>Auth:Oidc:ClientId</c> is unset).</summary>
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ChallengePath, ChallengeAsync).AllowAnonymous();
        app.MapGet(CompletePath, Complete).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Redirects to the issuer's authorize endpoint (code, PKCE S256); back here the person lands on <c>returnUrl</c>
    /// when it is a path of this site, else on <c>/</c>. The issuer unreachable: <c>/signin?error=unreachable</c>.
    /// </summary>
    private static async Task<IResult> ChallengeAsync(HttpContext ctx, string? returnUrl, IOptions<OidcSignInOptions> options, ILoggerFactory loggers)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.NotFound();
        }

        var target = AuthEndpoints.IsLocalPath(returnUrl) ? returnUrl! : "/";
        try
        {
            await ctx.ChallengeAsync(OidcSignIn.SchemeName, new AuthenticationProperties { RedirectUri = CompletePath + "?returnUrl=" + Uri.EscapeDataString(target) });
            return TypedResults.Empty;
        }
        catch (InvalidOperationException e)
        {
            // IDX20803: the discovery document could not be fetched or read.
            SignInLog.IssuerUnreachable(loggers.CreateLogger(typeof(SignInEndpoints)), e.Message);
            return TypedResults.Redirect("/signin?error=" + SignInErrors.Unreachable);
        }
    }

    /// <summary>
    /// A page that moves on to <c>returnUrl</c> by itself. The session cookie is SameSite=Strict, and the browser arrives
    /// here at the end of a redirect chain that started at the issuer (another site), so a redirect would reach the page
    /// without the cookie and bounce to /signin; a navigation started by this page is same-site and carries it.
    /// </summary>
    private static ContentHttpResult Complete(HttpContext ctx, string? returnUrl)
    {
        var target = HtmlEncoder.Default.Encode(AuthEndpoints.IsLocalPath(returnUrl) ? returnUrl! : "/");
        ctx.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}"><title>Signed in · Dashboard</title></head>
            <body><p>Signed in. <a href="{target}">Continue to the dashboard</a>.</p></body></html>
            """,
            "text/html; charset=utf-8");
    }
}

/// <summary>Log messages of the sign-in endpoints.</summary>
internal static partial class SignInLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in at the issuer could not start: {Reason}")]
    public static partial void IssuerUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-out at the issuer could not start (the local session ended): {Reason}")]
    public static partial void IssuerSignOutFailed(ILogger logger, string reason);
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// Turns a completed code exchange at the issuer into the pages' cookie session, the same session <c>/login?token=</c>
/// opens (docs/identity.md): the issuer's access token goes through <see cref="TokenService.ValidateAsync"/>, so tenant
/// and scopes come from its claims by the one mapping API tokens use, and the session ends at that token's <c>exp</c>.
/// A refusal goes to <c>/signin?error=</c> (<see cref="SignInErrors"/>), never a 500.
/// </summary>
internal sealed partial class OidcSignInEvents(TokenService tokens, IOptions<AuthOptions> auth, TimeProvider time, ILogger<OidcSignInEvents> logger)
    : OpenIdConnectEvents
{
    /// <summary>
    /// An access token with less left than this many seconds opens no session: the page would be sent back to the issuer
    /// again at once, in a loop.
    /// </summary>
    public const int MinSessionSeconds = 60;

    /// <summary>Longest display name kept in the session, in characters (longer ones are cut).</summary>
    public const int MaxNameLength = 200;

    /// <summary>Claim type of the display name shown in the header.</summary>
    public const string NameClaim = "name";

    /// <summary>Claim type marking a session opened at the issuer (its value is the issuer's <c>iss</c>).</summary>
    public const string IdentityProviderClaim = "idp";

    /// <summary>Asks for the API's audience too (Auth0 needs <c>audience</c> to issue a JWT access token; others ignore it, RFC 6749 §3.1).</summary>
    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        if (auth.Value.Audience is { Length: > 0 } audience)
        {
            context.ProtocolMessage.SetParameter("audience", audience);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var result = await tokens.ValidateAsync(context.TokenEndpointResponse?.AccessToken);
        var subject = context.Principal?.FindFirst("sub")?.Value ?? "";
        if (!result.IsValid)
        {
            LogRefused(logger, subject, result.Reason ?? "no access token");
            // TokenService's reasons name the claim at fault: a tenant problem is worth its own message.
            Refuse(context, result.Reason?.Contains("tenant", StringComparison.Ordinal) == true ? SignInErrors.NoTenant : SignInErrors.InvalidToken);
            return;
        }

        var principal = result.Principal!;
        if (!principal.Has(Scopes.Read))
        {
            LogRefused(logger, subject, $"the access token lacks {Scopes.Read}");
            Refuse(context, SignInErrors.NoReadScope);
            return;
        }

        if (principal.ExpiresAt - time.GetUtcNow() < TimeSpan.FromSeconds(MinSessionSeconds))
        {
            LogRefused(logger, subject, $"the access token expires at {principal.ExpiresAt:o}, less than {MinSessionSeconds} s from now");
            Refuse(context, SignInErrors.ShortToken);
            return;
        }

        var name = DisplayName(context.Principal, principal.Subject);
        var issuer = context.Principal?.FindFirst("iss")?.Value ?? "";
        var identity = new ClaimsIdentity(
            [.. principal.ToClaims(), new Claim(NameClaim, name), new Claim(IdentityProviderClaim, issuer)],
            CookieAuthenticationDefaults.AuthenticationScheme, NameClaim, ClaimTypes.Role);
        context.Principal = new ClaimsPrincipal(identity);

        // As /login?token=: the session lasts until the access token's exp, and the cookie keeps claims, not the access
        // token. The id_token stays for the id_token_hint of the sign-out at the issuer (OpenID Connect RP-Initiated Logout).
        var properties = context.Properties!;
        properties.ExpiresUtc = principal.ExpiresAt;
        properties.IsPersistent = true;
        properties.AllowRefresh = false;
        if ((context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage.IdToken) is { Length: > 0 } idToken)
        {
            properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }

        LogSignedIn(logger, principal.Tenant, principal.Subject, principal.ExpiresAt);
    }

    /// <summary>The issuer said no (<c>error=access_denied</c>), the state or correlation broke, or the code exchange failed.</summary>
    public override Task RemoteFailure(RemoteFailureContext context)
    {
        LogFailed(logger, context.Failure?.Message ?? "unknown");
        context.Response.Redirect("/signin?error=" + SignInErrors.Failed);
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>An issuer without an <c>end_session_endpoint</c>: the local sign-out already happened, so go back to sign-in.</summary>
    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        if (string.IsNullOrEmpty(context.ProtocolMessage.IssuerAddress))
        {
            context.Response.Redirect("/signin");
            context.HandleResponse();
        }

        return Task.CompletedTask;
    }

    private static void Refuse(TokenValidatedContext context, string code)
    {
        context.Response.Redirect("/signin?error=" + code);
        context.HandleResponse();
    }

    // The id_token's name for people; the access token's sub when the issuer sends none (then the header shows that).
    private static string DisplayName(ClaimsPrincipal? idToken, string subject)
    {
        var name = new[] { "name", "preferred_username", "email" }.Select(t => idToken?.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? subject;
        name = new string([.. name.Where(c => !char.IsControl(c))]);
        return name.Length > MaxNameLength ? name[..MaxNameLength] : name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in at the issuer: tenant {Tenant}, sub {Subject}, session until {ExpiresAt:o}")]
    private static partial void LogSignedIn(ILogger logger, string tenant, string subject, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in at the issuer refused for sub {Subject}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string subject, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in at the issuer failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Dashboard.Auth;

/// <summary>
/// Registers sign-in to the pages at the OpenID Connect issuer (<c>AddOpenIdConnect</c>, authorization code with PKCE;
/// docs/identity.md). The scheme is challenged only by <c>GET /signin/oidc</c> (the sign-in page's button): the
/// default scheme stays the bearer/cookie policy, so APIs answer 401 and pages go to <c>/signin</c>, never straight to
/// the issuer.
/// </summary>
internal static class OidcSignIn
{
    /// <summary>The OpenID Connect scheme's name.</summary>
    public const string SchemeName = "oidc";

    /// <summary>
    /// Binds and validates <see cref="OidcSignInOptions"/> always (so a stray <c>Auth:Oidc:ClientSecret</c> is reported),
    /// and adds the OpenID Connect handler when <c>Auth:Oidc:ClientId</c> is set.
    /// </summary>
    public static AuthenticationBuilder AddDashboardOidcSignIn(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        auth.Services.AddOptions<OidcSignInOptions>().BindConfiguration(OidcSignInOptions.SectionName).ValidateOnStart();
        auth.Services.AddSingleton<IValidateOptions<OidcSignInOptions>, OidcSignInOptionsValidator>();
        if (string.IsNullOrEmpty(configuration[OidcSignInOptions.SectionName + ":" + nameof(OidcSignInOptions.ClientId)]))
        {
            return auth;
        }

        auth.Services.AddSingleton<OidcSignInEvents>();
        auth.AddOpenIdConnect(SchemeName, "Identity provider", _ => { });
        auth.Services.AddOptions<OpenIdConnectOptions>(SchemeName)
            .Configure<IOptions<OidcSignInOptions>, IOptions<AuthOptions>, AuthorityConfigurationManager>(Configure);
        return auth;
    }

    private static void Configure(OpenIdConnectOptions o, IOptions<OidcSignInOptions> signIn, IOptions<AuthOptions> auth, AuthorityConfigurationManager discovery)
    {
        var settings = signIn.Value;
        o.Authority = auth.Value.Authority;
        o.RequireHttpsMetadata = auth.Value.RequireHttpsMetadata;
        // The same discovery document and JWKS as the API tokens: one fetch, one key rotation (docs/identity.md).
        o.ConfigurationManager = discovery;
        o.ClientId = settings.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back in the query of a top-level GET, which carries SameSite=Lax cookies from another site; a
        // form_post would be a cross-site POST, whose correlation cookie would need SameSite=None and so HTTPS even in
        // development. PKCE and the one-time code keep the query safe.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Scope.Clear();
        foreach (var scope in settings.ScopeList)
        {
            o.Scope.Add(scope);
        }

        o.CallbackPath = settings.CallbackPath;
        o.SignedOutCallbackPath = settings.SignedOutCallbackPath;
        o.SignedOutRedirectUri = "/signin";
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        // Where the sign-out finds the id_token for id_token_hint (OidcSignInEvents keeps it in the cookie's properties).
        o.SignOutScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        // OidcSignInEvents keeps only the id_token; the access token is read once and never stored.
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        // The session's claims are TokenPrincipal's, built in OidcSignInEvents; the default actions would delete its exp.
        o.ClaimActions.Clear();
        o.TokenValidationParameters.NameClaimType = OidcSignInEvents.NameClaim;
        o.EventsType = typeof(OidcSignInEvents);
    }

    /// <summary>
    /// Ends the cookie session, and the issuer's too when the session came from it (its id_token is in the cookie): the
    /// browser then goes to the issuer's <c>end_session_endpoint</c> with <c>id_token_hint</c> and comes back through
    /// <c>Auth:Oidc:SignedOutCallbackPath</c> to <c>/signin</c>. A token session (<c>/login?token=</c>) ends here only.
    /// </summary>
    public static async Task<IResult> SignOutAsync(HttpContext ctx, ILogger logger)
    {
        var session = await ctx.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var fromIssuer = session.Properties?.GetTokenValue("id_token") is not null
            && await ctx.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SchemeName) is not null;
        await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!fromIssuer)
        {
            return TypedResults.Redirect("/signin");
        }

        try
        {
            // Reads the id_token from this request's cookie (still sent), then redirects to the end_session_endpoint.
            await ctx.SignOutAsync(SchemeName, new AuthenticationProperties { RedirectUri = "/signin" });
            return TypedResults.Empty;
        }
        catch (InvalidOperationException e)
        {
            // The discovery document could not be read: the local session is over all the same.
            SignInLog.IssuerSignOutFailed(logger, e.Message);
            return TypedResults.Redirect("/signin");
        }
    }
}

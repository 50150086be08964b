using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>Registers token validation, the bearer and cookie schemes, and the scope policies.</summary>
public static class AuthExtensions
{
    /// <summary>The scheme that picks bearer (header or <c>access_token</c>) when present, else the pages' cookie.</summary>
    public const string DefaultScheme = "Dashboard";

    /// <summary>
    /// Adds authentication and authorization as docs/protocol.md ("Tokens") describes: JwtBearer for HTTP with the one
    /// set of validation parameters (<see cref="TokenParameters"/>), the pages' cookie, the scope policies.
    /// </summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Auth:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddDashboardAuth(this WebApplicationBuilder builder)
    {
        DevelopmentSigningKey.ApplyIfNeeded(builder.Configuration, builder.Environment);

        // Tokens travel in query strings (?access_token= for EventSource and polling, /login?token=), and the hosting
        // diagnostics log every request URL at Information. Pinned in code, after configuration, so a verbose
        // Logging:LogLevel setting cannot turn it back on (docs/protocol.md, conformance table: access_token never logged).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => TokenParameters.Create(sp.GetRequiredService<IOptions<AuthOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<AuthorityConfigurationManager>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddOptions<JwtBearerOptions>(BearerEvents.SchemeName)
            .Configure<IOptions<AuthOptions>, TokenParameters, IServiceProvider>((o, auth, parameters, services) =>
            {
                o.TokenValidationParameters = parameters.Parameters;
                // The JWT claim names stay (sub, tenant, scope), unmapped to the long WS-Federation claim URIs.
                o.MapInboundClaims = false;
                o.ConfigurationManager = string.IsNullOrEmpty(auth.Value.Authority) ? null : services.GetRequiredService<AuthorityConfigurationManager>();
                o.RefreshOnIssuerKeyNotFound = true;
                o.Events = BearerEvents.Create();
            });

        builder.Services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, DefaultScheme, o =>
                // /metrics checks its own static scrape secret (Metrics:BearerToken), which is no JWT: not parsed as one on every scrape.
                o.ForwardDefaultSelector = ctx => BearerEvents.HasToken(ctx.Request) && !ctx.Request.Path.StartsWithSegments("/metrics")
                    ? BearerEvents.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(BearerEvents.SchemeName, _ => { })
            .AddCookie(o =>
            {
                o.Cookie.Name = "dashboard.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/signin";
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            })
            .AddDashboardOidcSignIn(builder.Configuration);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Policies.Read, p => p.RequireClaim(TokenPrincipal.TenantClaim).RequireAssertion(c => HasScope(c.User, Scopes.Read)))
            .AddPolicy(Scopes.Policies.Write, p => p.RequireClaim(TokenPrincipal.TenantClaim).RequireAssertion(c => HasScope(c.User, Scopes.Write)))
            .AddPolicy(Scopes.Policies.Admin, p => p.RequireClaim(TokenPrincipal.TenantClaim).RequireAssertion(c => HasScope(c.User, Scopes.Admin)));
        return builder;
    }

    private static bool HasScope(System.Security.Claims.ClaimsPrincipal user, string scope) =>
        (user.FindFirst(TokenPrincipal.ScopeClaim)?.Value ?? "").Split(' ').Contains(scope, StringComparer.Ordinal);

    // Pages redirect a signed-out browser to /signin; APIs, streams and polling answer with a status code instead.
    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/sse") || path.StartsWithSegments("/ws") || path.StartsWithSegments("/metrics"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

using System.Net;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Pages;

/// <summary><c>Auth:Oidc:*</c>: start-up errors name the key; unset, the pages sign in with tokens exactly as before.</summary>
public sealed class OidcSignInOptionsTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string Authority = "https://keycloak.example.com/realms/ops";

    private static (OidcSignInOptions Options, IAuthenticationSchemeProvider Schemes) Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddAuthentication().AddDashboardOidcSignIn(configuration);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IOptions<OidcSignInOptions>>().Value, provider.GetRequiredService<IAuthenticationSchemeProvider>());
    }

    [Theory]
    [InlineData(null, null, null, "Auth:Oidc:ClientId needs Auth:Authority")]
    [InlineData("Auth:Oidc:Scopes", Authority, "openid \"profile\"", "Auth:Oidc:Scopes must be scope tokens (RFC 6749 §3.3)")]
    [InlineData("Auth:Oidc:CallbackPath", Authority, "signin-oidc", "Auth:Oidc:CallbackPath must be a path of this site")]
    [InlineData("Auth:Oidc:SignedOutCallbackPath", Authority, "//evil.example/cb", "Auth:Oidc:SignedOutCallbackPath must be a path of this site")]
    [InlineData("Auth:Oidc:SignedOutCallbackPath", Authority, "/signin-oidc", "Auth:Oidc:SignedOutCallbackPath must differ from Auth:Oidc:CallbackPath")]
    [InlineData("Auth:Oidc:ClientSecret", Authority, "has space", "Auth:Oidc:ClientSecret must be printable ASCII without spaces")]
    [InlineData("Auth:Audience", Authority, "dashboard-pages", "Auth:Audience must differ from Auth:Oidc:ClientId")]
    public void A_bad_setting_fails_at_start_up_naming_the_key(string? key, string? authority, string? value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Auth:Oidc:ClientId"] = "dashboard-pages", ["Auth:Authority"] = authority };
        if (key is not null)
        {
            settings[key] = value;
        }

        var error = Assert.Throws<OptionsValidationException>(() => Bind(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_secret_without_a_client_id_is_an_error_naming_both_keys()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Auth:Oidc:ClientSecret"] = "s3cret" }));

        Assert.Contains("Auth:Oidc:ClientSecret is set but Auth:Oidc:ClientId is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_id_with_an_authority_adds_the_scheme_with_openid_first()
    {
        var (options, schemes) = Bind(new()
        {
            ["Auth:Oidc:ClientId"] = "dashboard-pages",
            ["Auth:Oidc:Scopes"] = "profile dashboard openid",
            ["Auth:Authority"] = "http://127.0.0.1:8080/realms/ops",
            ["Auth:RequireHttpsMetadata"] = "false",
        });

        Assert.True(options.Enabled);
        Assert.Equal(["openid", "profile", "dashboard"], options.ScopeList);
        Assert.NotNull(await schemes.GetSchemeAsync(OidcSignIn.SchemeName));
        Assert.Null(await Bind([]).Schemes.GetSchemeAsync(OidcSignIn.SchemeName));
    }

    [Fact]
    public async Task Unset_the_sign_in_page_has_no_issuer_button_and_a_token_session_signs_out_locally()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.BaseAddress };

        var html = await http.GetStringAsync("/signin");
        Assert.DoesNotContain("oidc-signin", html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"token-signin\" open=\"open\">", html, StringComparison.Ordinal);
        using (var challenge = await http.GetAsync("/signin/oidc"))
        {
            Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
        }

        using (var login = await http.GetAsync("/login?token=" + Uri.EscapeDataString(server.Token(Tenants.New()))))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        using (var token = await http.GetAsync("/api/v1/session/token"))
        {
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        }

        using (var logout = await http.PostAsync("/logout", null))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            Assert.Equal("/signin", logout.Headers.Location!.ToString());
        }

        using var after = await http.GetAsync("/api/v1/session/token");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}

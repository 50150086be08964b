using System.Net;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The loopback <see cref="TestOidcIssuer"/> and a server whose pages sign people in there (<c>Auth:Oidc:*</c>).</summary>
public sealed class OidcSignInFixture : IAsyncLifetime
{
    internal TestOidcIssuer Issuer { get; private set; } = null!;

    /// <summary>The server, configured for <see cref="Issuer"/>.</summary>
    public DashboardServer Server { get; private set; } = null!;

    /// <summary>
    /// The server's address as <c>localhost</c>: the issuer listens on 127.0.0.1, so the browser sees two sites, as with
    /// a real identity provider (the SameSite=Strict session cookie must survive the cross-site round trip).
    /// </summary>
    public Uri SiteAddress => new UriBuilder(Server.BaseAddress) { Host = "localhost" }.Uri;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Issuer = await TestOidcIssuer.StartAsync();
        Server = new OidcServer(Issuer);
        await Server.InitializeAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Issuer is not null)
        {
            await Issuer.DisposeAsync();
        }
    }

    private sealed class OidcServer(TestOidcIssuer issuer) : DashboardServer
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Auth:Authority"] = issuer.Authority;
            settings["Auth:Audience"] = issuer.Audience;
            settings["Auth:RequireHttpsMetadata"] = "false";
            settings["Auth:Oidc:ClientId"] = issuer.ClientId;
            settings["Auth:Oidc:ClientSecret"] = issuer.ClientSecret;
            return settings;
        }
    }
}

/// <summary>
/// People sign in to the pages at the issuer (authorization code + PKCE) in Debian's Chromium, land in the same cookie
/// session <c>/login?token=</c> opens, and sign out at the issuer too (docs/identity.md).
/// </summary>
public sealed class OidcSignInTests(OidcSignInFixture fixture, BrowserFixture browser) : IClassFixture<OidcSignInFixture>, IClassFixture<BrowserFixture>
{
    private DashboardServer Server => fixture.Server;

    private TestOidcIssuer Issuer => fixture.Issuer;

    [Fact]
    public async Task Sign_in_at_the_issuer_opens_a_live_session_for_its_tenant_and_sign_out_ends_it_at_the_issuer_too()
    {
        var tenant = Tenants.New();
        Issuer.User = new TestOidcUser("ann-" + tenant, tenant, "dashboard:read", "Ann Example");
        Issuer.AutoApprove = false;
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        await page.GetByTestId("oidc-signin").ClickAsync();

        // The issuer's own page (another site), naming who signs in.
        await page.WaitForURLAsync(url => url.StartsWith(Issuer.Authority, StringComparison.Ordinal));
        await Expect(page.Locator("#user")).ToHaveTextAsync("Ann Example");
        await page.Locator("#approve").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url) is { Host: "localhost", AbsolutePath: "/" });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Ann Example");
        await Expect(page.GetByTestId("signed-in-tenant")).ToHaveTextAsync(tenant);
        // The page's WebSocket authenticated with a session token of the cookie session.
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        var session = await page.EvaluateAsync<string>("async () => (await (await fetch('/api/v1/session/token')).json()).token");
        var validated = await Server.Services.GetRequiredService<TokenService>().ValidateAsync(session);
        Assert.True(validated.IsValid, validated.Reason);
        Assert.Equal((tenant, "ann-" + tenant), (validated.Principal!.Tenant, validated.Principal.Subject));
        Assert.Equal(new[] { "dashboard:read" }, validated.Principal.Scopes.Order());

        // Live data of the issuer user's tenant reaches the page.
        using (var producer = Server.Http(Server.Token(tenant, Scopes.Write)))
        {
            await PostBatchAsync(producer, [CloudEvent("call.started", DateTimeOffset.UtcNow, new { callId = "oidc-1", direction = "outbound", campaignId = "cmp-oidc" })]);
        }

        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("1");

        var endSessionsBefore = Issuer.EndSessionRequests.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url) is { Host: "localhost", AbsolutePath: "/signin" });

        var endSession = Assert.Single(Issuer.EndSessionRequests.Skip(endSessionsBefore));
        var query = System.Web.HttpUtility.ParseQueryString(endSession);
        Assert.False(string.IsNullOrEmpty(query["id_token_hint"]), endSession);
        Assert.Equal(new Uri(fixture.SiteAddress, "/signout-callback-oidc").ToString(), query["post_logout_redirect_uri"]);

        await page.GotoAsync("/");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/v1/session/token", new() { MaxRedirects = 0 })).Status);
    }

    [Fact]
    public async Task When_the_session_ends_the_page_goes_back_through_the_issuer_whose_session_signs_in_again_without_a_prompt()
    {
        var tenant = Tenants.New();
        Issuer.User = new TestOidcUser("dan-" + tenant, tenant, "dashboard:read", "Dan Example");
        // The issuer's own SSO session: no approval page.
        Issuer.AutoApprove = true;
        await using var context = await NewContextAsync();
        var authorizeRequests = new List<string>();
        context.Request += (_, request) =>
        {
            if (request.Url.StartsWith(Issuer.Authority + "/protocol/openid-connect/auth", StringComparison.Ordinal))
            {
                lock (authorizeRequests)
                {
                    authorizeRequests.Add(request.Url);
                }
            }
        };
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin?returnUrl=/calls");
        await page.GetByTestId("oidc-signin").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url) is { Host: "localhost", AbsolutePath: "/calls" });
        await Expect(page.GetByTestId("signed-in-tenant")).ToHaveTextAsync(tenant);

        // The session ends (as at the access token's exp): the next API read gets 401.
        await page.EvaluateAsync("() => { window.beforeSessionEnded = true; }");
        await context.ClearCookiesAsync();
        await page.GetByTestId("refresh").ClickAsync();

        await page.WaitForFunctionAsync("() => window.beforeSessionEnded === undefined && location.pathname === '/calls' && document.querySelector('[data-testid=signed-in-tenant]')");
        await Expect(page.GetByTestId("signed-in-tenant")).ToHaveTextAsync(tenant);
        lock (authorizeRequests)
        {
            // The sign-in, then one round trip however many reads failed at once.
            Assert.True(authorizeRequests.Count == 2, string.Join('\n', authorizeRequests));
        }
    }

    [Fact]
    public async Task A_person_without_dashboard_read_gets_the_refusal_page_and_no_session()
    {
        var tenant = Tenants.New();
        Issuer.User = new TestOidcUser("bob-" + tenant, tenant, "events:write", "Bob Example");
        Issuer.AutoApprove = true;
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/signin?returnUrl=/calls");
        await page.GetByTestId("oidc-signin").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url) is { Host: "localhost", AbsolutePath: "/signin" } u && u.Query.Contains("error=", StringComparison.Ordinal));
        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("does not grant 'dashboard:read'");
        await Expect(page.GetByTestId("signed-in-tenant")).ToHaveCountAsync(0);
        await page.GotoAsync("/calls");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task A_person_without_a_tenant_gets_the_refusal_page_naming_the_tenant()
    {
        Issuer.User = new TestOidcUser("carol", "", "dashboard:read", "Carol Example");
        Issuer.AutoApprove = true;
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/signin");
        await page.GetByTestId("oidc-signin").ClickAsync();

        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("carries no tenant");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByTestId("signed-in-tenant")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Apis_without_a_cookie_answer_401_and_pages_go_to_the_sign_in_page_never_straight_to_the_issuer()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };

        foreach (var path in new[] { "/api/v1/session/token", "/api/v1/snapshots/metrics", "/sse?topics=metrics" })
        {
            using var api = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            Assert.Null(api.Headers.Location);
        }

        using var page = await http.GetAsync("/calls");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", page.Headers.Location!.AbsolutePath);

        // The button's endpoint goes to the issuer with code + PKCE S256, and keeps only a local returnUrl.
        using var challenge = await http.GetAsync("/signin/oidc?returnUrl=" + Uri.EscapeDataString("//evil.example/"));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(Issuer.Authority + "/", authorize.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(("code", "S256", Issuer.ClientId), (query["response_type"], query["code_challenge_method"], query["client_id"]));
        Assert.Contains("openid", query["scope"]!.Split(' '));
        Assert.Equal(Issuer.Audience, query["audience"]);
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_issuer_and_keeps_the_token_route_folded_away()
    {
        using var http = Server.Http();

        var html = await http.GetStringAsync("/signin?returnUrl=/wallboard");

        Assert.Contains("data-testid=\"oidc-signin\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/signin/oidc?returnUrl=%2Fwallboard\"", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/login\"", html, StringComparison.Ordinal);
        // A code the page does not know shows nothing: the page never echoes the query string.
        Assert.DoesNotContain("signin-error", await http.GetStringAsync("/signin?error=%3Cb%3Ehello"), StringComparison.Ordinal);
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = fixture.SiteAddress.ToString() });
        context.SetDefaultTimeout(BrowserFixture.TimeoutMs);
        return context;
    }
}

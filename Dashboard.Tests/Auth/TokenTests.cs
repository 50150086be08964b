using System.Net;
using System.Net.Http.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Auth;

public sealed class TokenTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private TokenService Tokens => server.Services.GetRequiredService<TokenService>();

    // A client holding the cookie session that /login?token= sets (it keeps the cookie, follows no redirect).
    private async Task<HttpClient> SignedInClientAsync(string token)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = server.BaseAddress };
        var login = await client.GetAsync($"/login?token={token}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    [Fact]
    public async Task Issued_token_validates_with_tenant_subject_and_scopes()
    {
        var tokens = server.Services.GetRequiredService<TokenService>();
        var result = await tokens.ValidateAsync(server.Token("acme", "dashboard:read admin", subject: "ann"));

        Assert.True(result.IsValid);
        Assert.Equal("acme", result.Principal!.Tenant);
        Assert.Equal("ann", result.Principal.Subject);
        Assert.True(result.Principal.Has(Scopes.Admin));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ0ZW5hbnQiOiJhY21lIiwiZXhwIjo0MTAyNDQ0ODAwfQ.")]
    public async Task Malformed_and_unsigned_tokens_are_rejected(string token)
    {
        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(token);
        Assert.False(result.IsValid);
        Assert.Equal("invalid_token", result.ErrorCode);
    }

    [Fact]
    public async Task Expired_token_is_reported_as_expired()
    {
        var expired = server.Token("acme", lifetime: TimeSpan.FromSeconds(-120));
        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(expired);
        Assert.Equal("token_expired", result.ErrorCode);
    }

    [Fact]
    public async Task Session_token_endpoint_mints_a_new_short_lived_token_for_the_cookie_session()
    {
        var login = server.Token("acme", "dashboard:read admin", TimeSpan.FromHours(1), subject: "ann");
        var loginExpiry = (await Tokens.ValidateAsync(login)).Principal!.ExpiresAt;
        using var client = await SignedInClientAsync(login);

        var before = DateTimeOffset.UtcNow;
        using var response = await client.GetAsync("/api/v1/session/token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "a credential must not be cached");
        var session = (await response.Content.ReadFromJsonAsync<AuthEndpoints.SessionTokenResponse>())!;

        Assert.NotEqual(login, session.Token);
        var minted = await Tokens.ValidateAsync(session.Token);
        Assert.True(minted.IsValid, minted.Reason);
        Assert.Equal(("acme", "ann"), (minted.Principal!.Tenant, minted.Principal.Subject));
        Assert.Equal(new[] { "admin", "dashboard:read" }, minted.Principal.Scopes.Order(StringComparer.Ordinal));
        // The answer names the token's exact exp: the default 15 minute cap, well inside the one-hour session.
        Assert.Equal(minted.Principal.ExpiresAt, session.ExpiresAt);
        Assert.InRange(session.ExpiresAt, before.AddSeconds(900 - 2), DateTimeOffset.UtcNow.AddSeconds(900));
        Assert.True(session.ExpiresAt < loginExpiry);
    }

    [Fact]
    public async Task Session_token_carries_only_the_page_scopes_never_events_write()
    {
        // The page's script holds this token: an injected script must not get one that can ingest events.
        using var client = await SignedInClientAsync(server.Token("acme", "dashboard:read events:write admin"));

        var session = await client.GetFromJsonAsync<AuthEndpoints.SessionTokenResponse>("/api/v1/session/token");

        var minted = (await Tokens.ValidateAsync(session!.Token)).Principal!;
        Assert.Equal(["admin", "dashboard:read"], minted.Scopes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Session_tokens_never_outlive_the_session()
    {
        var login = server.Token("acme", lifetime: TimeSpan.FromSeconds(120));
        var loginExpiry = (await Tokens.ValidateAsync(login)).Principal!.ExpiresAt;
        using var client = await SignedInClientAsync(login);

        var session = await client.GetFromJsonAsync<AuthEndpoints.SessionTokenResponse>("/api/v1/session/token");

        var minted = (await Tokens.ValidateAsync(session!.Token)).Principal!;
        Assert.Equal(loginExpiry, minted.ExpiresAt);
        Assert.Equal(loginExpiry, session.ExpiresAt);
    }

    [Fact]
    public async Task Session_token_endpoint_is_401_without_a_session_and_404_for_bearer_clients()
    {
        using var anonymous = server.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/session/token")).StatusCode);

        using var bearer = server.Http(server.Token("acme"));
        Assert.Equal(HttpStatusCode.NotFound, (await bearer.GetAsync("/api/v1/session/token")).StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86401)]
    public void Session_token_lifetime_is_validated_by_its_key(int seconds)
    {
        var options = new AuthOptions { SigningKey = new string('k', 32), SessionTokenLifetimeSeconds = seconds };
        var validator = new AuthOptionsValidator(new ConfigurationBuilder().Build());
        var result = validator.Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Auth:SessionTokenLifetimeSeconds must be between 1 and 86400", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new AuthOptions { SigningKey = new string('k', 32) }).Succeeded);
    }

    [Fact]
    public async Task Login_with_a_bad_token_is_401_problem()
    {
        using var client = server.Http();
        var response = await client.GetAsync("/login?token=garbage");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("2d", 172800)]
    public void Token_command_parses_ttl(string text, int seconds)
    {
        Assert.True(TokenCommand.TryParseTtl(text, out var ttl));
        Assert.Equal(TimeSpan.FromSeconds(seconds), ttl);
    }
}

using System.Net;
using System.Net.Http.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Auth;

public sealed class TokenTests(DashboardServer server) : IClassFixture<DashboardServer>
{
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
    public async Task Login_sets_cookie_session_and_session_token_endpoint_returns_the_token()
    {
        var token = server.Token("acme");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        var login = await client.GetAsync($"/login?token={token}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var session = await client.GetFromJsonAsync<AuthEndpoints.SessionTokenResponse>("/api/v1/session/token");
        Assert.Equal(token, session!.Token);
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

using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Auth;

/// <summary>
/// What an identity provider's keys and tokens may not do (docs/identity.md): a key published for another algorithm, a
/// token for another of the provider's applications, and a flood of unknown <c>kid</c>s hammering the provider.
/// </summary>
public sealed class IdentityProviderRefusalTests(ExtraKeysServer server) : IClassFixture<ExtraKeysServer>
{
    private TestOidcIssuer Issuer => server.Issuer;

    [Fact]
    public async Task A_published_key_meant_for_another_algorithm_does_not_verify_rs256_tokens()
    {
        var tokens = server.Services.GetRequiredService<TokenService>();

        // A published key whose entry names no alg verifies: the control that the RS384 entry is refused for its alg.
        var plain = await tokens.ValidateAsync(Issuer.IssueWithKid(ExtraKeysServer.NoAlgKid, "acme", Scopes.Read));
        var rs384 = await tokens.ValidateAsync(Issuer.IssueWithKid(ExtraKeysServer.Rs384Kid, "acme", Scopes.Read));

        Assert.True(plain.IsValid, plain.Reason);
        Assert.False(rs384.IsValid);
        Assert.Equal("invalid_token", rs384.ErrorCode);
    }

    [Fact]
    public async Task A_providers_token_for_another_audience_is_401_naming_the_audience()
    {
        using var client = server.Http(Issuer.Issue("acme", "dashboard:read events:write", audience: "another-app"));

        using var response = await client.PostAsync(Events.CallStarted("c-other-aud"));

        var problem = await response.AssertProblemAsync(401);
        Assert.Contains("audience rejected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var same = await server.Services.GetRequiredService<TokenService>().ValidateAsync(Issuer.Issue("acme", Scopes.Read));
        Assert.True(same.IsValid, same.Reason);
    }

    [Fact]
    public async Task A_flood_of_unknown_kids_costs_the_provider_at_most_one_jwks_fetch_per_interval()
    {
        // The first use fetches the configuration; from there, Auth:KeyRefreshIntervalSeconds (30 s) bounds the refetches.
        var tokens = server.Services.GetRequiredService<TokenService>();
        Assert.True((await tokens.ValidateAsync(Issuer.Issue("acme", Scopes.Read))).IsValid);
        var before = Issuer.JwksRequests;

        using var http = server.Http();
        for (var i = 0; i < 20; i++)
        {
            var forged = Issuer.IssueWithKid($"unknown-{i}", "acme", Scopes.Read);
            Assert.False((await tokens.ValidateAsync(forged)).IsValid);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/snapshots/metrics");
            request.Headers.Authorization = new("Bearer", forged);
            using var response = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.InRange(Issuer.JwksRequests - before, 0, 1);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Dashboard.Auth;
using Dashboard.Realtime.WebSockets;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Auth;

/// <summary>
/// Tokens of an OpenID Connect provider (<c>Auth:Authority</c>, here the loopback <see cref="TestOidcIssuer"/>): its
/// keys come from its discovery document and JWKS, and its tokens work on every path (docs/identity.md).
/// </summary>
public sealed class IdentityProviderTests(IdentityProviderServer server) : IClassFixture<IdentityProviderServer>
{
    private TestOidcIssuer Issuer => server.Issuer;

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task The_providers_token_authenticates_the_websocket_auth_message(string alg)
    {
        var token = Issuer.Issue("acme", Scopes.Read, subject: "ann", alg: alg);

        var (client, success) = await ProtocolClient.ConnectAuthenticatedAsync(server, token);
        await using (client)
        {
            var data = success.GetProperty("data");
            Assert.Equal("acme", data.GetProperty("tenant").GetString());
            Assert.Equal("ann", data.GetProperty("user").GetString());
        }
    }

    [Fact]
    public async Task The_providers_token_opens_an_sse_stream_by_access_token()
    {
        using var http = server.Http();

        using var response = await http.GetAsync($"/sse?topics=metrics&access_token={Issuer.Issue("acme", Scopes.Read, alg: "ES256")}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_providers_token_posts_events_stored_under_its_tenant()
    {
        var tenant = Tenants.New();
        using var client = server.Http(Issuer.Issue(tenant, "dashboard:read events:write"));

        using var response = await client.PostAsync(Events.CallStarted("c-idp"));

        await response.AssertAcceptedAsync(1, 0);
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task Scopes_are_enforced_for_the_providers_tokens_as_for_the_servers_own()
    {
        using var client = server.Http(Issuer.Issue("acme", Scopes.Read));

        using var response = await client.PostAsync(Events.CallStarted("c-no-write"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_provider_does_not_publish_is_401_and_websocket_4003()
    {
        var forged = Issuer.IssueWithUnpublishedKey("acme", "dashboard:read events:write");

        using var http = server.Http(forged);
        using var response = await http.PostAsync(Events.CallStarted("c-forged"));
        var problem = await response.AssertProblemAsync(401);
        Assert.Contains("signature rejected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);

        await using var client = await ProtocolClient.ConnectAsync(server);
        await client.SendAsync(new { type = "auth", token = forged });
        var error = await client.ReceiveAsync();
        Assert.Equal("invalid_token", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)CloseCodes.InvalidToken, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task An_expired_token_of_the_provider_is_token_expired()
    {
        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(Issuer.Issue("acme", Scopes.Read, lifetime: TimeSpan.FromMinutes(-5)));

        Assert.Equal("token_expired", result.ErrorCode);
    }

    [Fact]
    public async Task The_token_service_accepts_the_providers_access_token_as_the_pages_sign_in_will_pass_it()
    {
        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(Issuer.Issue("acme", "dashboard:read admin", subject: "ann"));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(("acme", "ann"), (result.Principal!.Tenant, result.Principal.Subject));
        Assert.Equal(["admin", "dashboard:read"], result.Principal.Scopes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Login_with_the_providers_token_opens_a_cookie_session_whose_session_tokens_validate()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        using var login = await client.GetAsync($"/login?token={Issuer.Issue("acme", "dashboard:read events:write", subject: "tv-1")}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var session = await client.GetFromJsonAsync<AuthEndpoints.SessionTokenResponse>("/api/v1/session/token");

        var minted = await server.Services.GetRequiredService<TokenService>().ValidateAsync(session!.Token);
        Assert.True(minted.IsValid, minted.Reason);
        Assert.Equal(("acme", "tv-1"), (minted.Principal!.Tenant, minted.Principal.Subject));
        Assert.Equal([Scopes.Read], minted.Principal.Scopes);
    }

    [Fact]
    public async Task The_servers_own_tokens_still_work_beside_the_provider()
    {
        using var client = server.Http(server.Token("acme"));

        using var response = await client.GetAsync("/api/v1/snapshots/metrics");

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
    }
}

/// <summary>A key rotation at the provider is picked up without a restart, from the first token that uses the new key.</summary>
public sealed class KeyRotationTests(KeyRotationServer server) : IClassFixture<KeyRotationServer>
{
    [Fact]
    public async Task After_the_provider_rotates_its_keys_the_first_new_token_is_accepted_and_old_keys_are_not()
    {
        var issuer = server.Issuer;
        var old = issuer.Issue("acme", "dashboard:read events:write");
        using (var before = server.Http(old))
        {
            (await before.PostAsync(Events.CallStarted("c-before"))).EnsureSuccessStatusCode();
        }

        var fetchesBefore = issuer.JwksRequests;
        issuer.RotateKeys();
        var rotated = issuer.Issue("acme", "dashboard:read events:write", alg: "ES256");

        // The very first request with the new kid refetches the JWKS and succeeds.
        using (var after = server.Http(rotated))
        {
            using var response = await after.PostAsync(Events.CallStarted("c-after"));
            await response.AssertAcceptedAsync(1, 0);
        }

        Assert.Equal(fetchesBefore + 1, issuer.JwksRequests);
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, issuer.Issue("acme", Scopes.Read));
        await client.DisposeAsync();

        // The provider no longer publishes the old key: its tokens are refused.
        using var stale = server.Http(old);
        await (await stale.PostAsync(Events.CallStarted("c-stale"))).AssertProblemAsync(401);
    }
}

/// <summary>Entra ID and Okta send scopes as an <c>scp</c> array; some providers name the tenant claim otherwise.</summary>
public sealed class ScopeClaimTests(ScpArrayServer server) : IClassFixture<ScpArrayServer>
{
    [Fact]
    public async Task An_scp_array_and_a_custom_tenant_claim_map_to_the_principal()
    {
        var token = server.Issuer.Issue("acme", "dashboard:read events:write admin", subject: "sam");

        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(token);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("acme", result.Principal!.Tenant);
        Assert.Equal(["admin", "dashboard:read", "events:write"], result.Principal.Scopes.Order(StringComparer.Ordinal));
        var tenant = Tenants.New();
        using var client = server.Http(server.Issuer.Issue(tenant, "events:write"));
        await (await client.PostAsync(Events.CallStarted("c-scp"))).AssertAcceptedAsync(1, 0);
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task A_token_with_the_tenant_under_the_default_name_only_is_refused_naming_the_configured_claim()
    {
        // The server's own key, the default claim names.
        using var client = server.Http(ForgedTokens.Hs256(server, new Dictionary<string, object>
        {
            ["tenant"] = "acme", ["scope"] = Scopes.Read, ["aud"] = server.Issuer.Audience,
        }));

        using var response = await client.GetAsync("/api/v1/snapshots/metrics");

        var problem = await response.AssertProblemAsync(401);
        Assert.Contains($"'{ScpArrayServer.TenantClaimName}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_servers_own_tokens_use_the_configured_claim_names()
    {
        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(server.Token("acme", "dashboard:read admin"));

        Assert.True(result.IsValid, result.Reason);
        Assert.True(result.Principal!.Has(Scopes.Admin));
    }

    [Fact]
    public async Task An_scp_array_with_a_non_string_element_is_refused()
    {
        using var client = server.Http(ForgedTokens.Hs256(server, new Dictionary<string, object>
        {
            [ScpArrayServer.TenantClaimName] = "acme",
            ["scp"] = new object[] { "dashboard:read", 7 },
            ["aud"] = server.Issuer.Audience,
        }));

        using var response = await client.GetAsync("/api/v1/snapshots/metrics");

        var problem = await response.AssertProblemAsync(401);
        Assert.Contains("array of strings", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

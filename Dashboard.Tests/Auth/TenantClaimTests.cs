using System.Net.WebSockets;
using Dashboard.Auth;
using Dashboard.Realtime.WebSockets;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Auth;

/// <summary>
/// The <c>tenant</c> claim is checked where it enters (docs/limits.md, "Tokens"): 1 to 64 characters of
/// <c>[A-Za-z0-9._-]</c>. A validly signed token that breaks it is refused at authentication on every path (bearer
/// header, <c>/login?token=</c>, the WebSocket <c>auth</c> message), never stored under or failing later in storage.
/// </summary>
public sealed class TenantClaimTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    public static TheoryData<string> BadTenants => new()
    {
        "acme\0evil",
        "acme\u0001",
        "line\nbreak",
        "a:b",
        "campaign:x",
        "with space",
        "tenänt",
        "a/b",
        new string('t', TenantName.MaxLength + 1),
        new string('t', 3000),
    };

    [Theory]
    [MemberData(nameof(BadTenants))]
    public async Task The_token_service_refuses_a_signed_token_whose_tenant_breaks_the_rule(string tenant)
    {
        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(ForgedTokens.WithTenant(server, tenant));

        Assert.False(result.IsValid);
        Assert.Equal("invalid_token", result.ErrorCode);
        Assert.Contains("tenant claim", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_that_is_not_a_string_or_is_empty_is_refused()
    {
        var tokens = server.Services.GetRequiredService<TokenService>();

        Assert.Equal("invalid_token", (await tokens.ValidateAsync(ForgedTokens.WithTenant(server, 42))).ErrorCode);
        Assert.Equal("invalid_token", (await tokens.ValidateAsync(ForgedTokens.WithTenant(server, ""))).ErrorCode);
    }

    [Fact]
    public async Task A_bearer_request_with_a_NUL_tenant_is_401_naming_the_claim_and_stores_nothing()
    {
        using var client = server.Http(ForgedTokens.WithTenant(server, "acme\0evil"));

        using var response = await client.PostAsync(Events.CallStarted("c-nul"));

        var problem = await response.AssertProblemAsync(401);
        Assert.Contains("tenant claim must be", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("tenant claim", challenge.Parameter, StringComparison.Ordinal);
        await using var db = Npgsql.NpgsqlDataSource.Create(server.ConnectionString);
        await using var count = db.CreateCommand("SELECT count(*) FROM events WHERE tenant LIKE 'acme%'");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_report_read_with_a_colon_tenant_is_401()
    {
        using var client = server.Http(ForgedTokens.WithTenant(server, "a:b", Scopes.Read));

        using var response = await client.GetAsync("/api/v1/calls/recent");

        await response.AssertProblemAsync(401);
    }

    [Fact]
    public async Task Login_with_a_bad_tenant_is_401_and_sets_no_session()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync($"/login?token={ForgedTokens.WithTenant(server, new string('t', 65), Scopes.Read)}");

        await response.AssertProblemAsync(401);
        Assert.Empty(handler.CookieContainer.GetCookies(server.BaseAddress));
    }

    [Fact]
    public async Task The_websocket_auth_message_with_a_bad_tenant_gets_invalid_token_and_4003()
    {
        await using var client = await ProtocolClient.ConnectAsync(server);
        await client.SendAsync(new { type = "auth", token = ForgedTokens.WithTenant(server, "line\nbreak", Scopes.Read) });

        var error = await client.ReceiveAsync();
        Assert.Equal("invalid_token", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)CloseCodes.InvalidToken, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_tenant_of_exactly_64_allowed_characters_is_accepted_end_to_end()
    {
        var tenant = "A-z_0.9" + new string('x', TenantName.MaxLength - 7);
        using var client = server.Http(server.Token(tenant, Scopes.Write));

        using var response = await client.PostAsync(Events.CallStarted("c-64"));

        await response.AssertAcceptedAsync(1, 0);
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Theory]
    [MemberData(nameof(BadTenants))]
    public void Issuing_a_token_for_a_bad_tenant_throws(string tenant)
    {
        var tokens = server.Services.GetRequiredService<TokenService>();

        Assert.Throws<ArgumentException>(() => tokens.Issue(tenant, "u", Scopes.Read, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("demo", true)]
    [InlineData("acme", true)]
    [InlineData("t-0123456789", true)]
    [InlineData("bench-latency", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_rule_admits_the_simulator_and_test_tenants(string? tenant, bool valid)
    {
        Assert.Equal(valid, TenantName.IsValid(tenant));
        Assert.True(TenantName.IsValid(Tenants.New()));
    }
}

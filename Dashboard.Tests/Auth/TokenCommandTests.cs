using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Auth;

/// <summary><c>dotnet run --project Dashboard -- token …</c> (docs/protocol.md §2), run as a real process.</summary>
public sealed class TokenCommandTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Prints_a_token_the_server_accepts_with_the_requested_tenant_subject_and_scopes()
    {
        var (exit, stdout, stderr) = await AppProcess.RunAsync(
            ["token", "--tenant", "acme", "--sub", "wallboard-1", "--scope", "dashboard:read events:write", "--ttl", "10m", $"--Auth:SigningKey={server.SigningKey}"],
            TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, stderr);
        var result = await server.Services.GetRequiredService<TokenService>().ValidateAsync(stdout.Trim());
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("acme", result.Principal!.Tenant);
        Assert.Equal("wallboard-1", result.Principal.Subject);
        Assert.True(result.Principal.Has(Scopes.Write));
        Assert.InRange(result.Principal.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));
    }

    [Fact]
    public async Task Without_a_signing_key_outside_development_it_fails_naming_the_key()
    {
        var (exit, _, stderr) = await AppProcess.RunAsync(["token", "--tenant", "acme"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, exit);
        Assert.Contains("Auth:SigningKey", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_the_server_would_refuse_is_refused_naming_the_rule()
    {
        var (exit, stdout, stderr) = await AppProcess.RunAsync(
            ["token", "--tenant", "acme:evil", $"--Auth:SigningKey={server.SigningKey}"], TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.Trim());
        Assert.Contains("--tenant must be " + TenantName.Rule, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_tenant_it_prints_usage()
    {
        var (exit, _, stderr) = await AppProcess.RunAsync(["token", "--scope", "admin"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, exit);
        Assert.Contains("usage: token --tenant", stderr, StringComparison.Ordinal);
    }
}

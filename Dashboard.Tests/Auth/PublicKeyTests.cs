using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Auth;
using Dashboard.Realtime.WebSockets;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Auth;

/// <summary>
/// The app with an RS256 key as PEM text (<c>Auth:PublicKeys:0</c>) and an ES256 key as a PEM file
/// (<c>Auth:PublicKeys:1</c>), and <c>Auth:Issuer</c> set: tokens of a signer of the operator's own.
/// </summary>
public sealed class PublicKeyServer : DashboardServer
{
    public const string SignerIssuer = "https://signer.test";

    private readonly string _ecFile = Path.Combine(Path.GetTempPath(), $"dashboard-es256-{Guid.NewGuid():N}.pem");

    public PublicKeyServer()
    {
        File.WriteAllText(_ecFile, Ec.ExportSubjectPublicKeyInfoPem());
    }

    public RSA Rsa { get; } = RSA.Create(2048);

    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auth:PublicKeys:0"] = Rsa.ExportSubjectPublicKeyInfoPem();
        settings["Auth:PublicKeys:1"] = _ecFile;
        settings["Auth:Issuer"] = SignerIssuer;
        return settings;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Rsa.Dispose();
        Ec.Dispose();
        File.Delete(_ecFile);
    }
}

/// <summary>RS256 and ES256 with configured public keys; the attacks on them refused (docs/protocol.md §2).</summary>
public sealed class PublicKeyTests(PublicKeyServer server) : IClassFixture<PublicKeyServer>
{
    private static Dictionary<string, object> Claims(string tenant, string scopes = "dashboard:read events:write") =>
        new() { ["sub"] = "signer-user", ["tenant"] = tenant, ["scope"] = scopes };

    private async Task AssertRefusedAsync(string token, string reason)
    {
        using var client = server.Http(token);
        using var response = await client.PostAsync(Events.CallStarted("c-refused"));
        var problem = await response.AssertProblemAsync(401);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await using var ws = await ProtocolClient.ConnectAsync(server);
        await ws.SendAsync(new { type = "auth", token });
        Assert.Equal("invalid_token", (await ws.ReceiveAsync()).GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)CloseCodes.InvalidToken, await ws.ReceiveCloseAsync());
    }

    [Fact]
    public async Task An_rs256_token_from_the_pem_text_key_is_accepted_over_http_and_websocket()
    {
        var tenant = Tenants.New();
        var token = ForgedTokens.Signed(new RsaSecurityKey(server.Rsa), SecurityAlgorithms.RsaSha256, Claims(tenant), PublicKeyServer.SignerIssuer);

        using var client = server.Http(token);
        await (await client.PostAsync(Events.CallStarted("c-rs"))).AssertAcceptedAsync(1, 0);
        var (ws, success) = await ProtocolClient.ConnectAuthenticatedAsync(server, token);
        await ws.DisposeAsync();

        Assert.Equal(tenant, success.GetProperty("data").GetProperty("tenant").GetString());
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task An_es256_token_from_the_pem_file_key_is_accepted()
    {
        var tenant = Tenants.New();
        using var client = server.Http(ForgedTokens.Signed(new ECDsaSecurityKey(server.Ec), SecurityAlgorithms.EcdsaSha256, Claims(tenant), PublicKeyServer.SignerIssuer));

        await (await client.PostAsync(Events.CallStarted("c-es"))).AssertAcceptedAsync(1, 0);
    }

    [Fact]
    public Task A_token_without_the_configured_issuer_is_refused() =>
        AssertRefusedAsync(ForgedTokens.Signed(new RsaSecurityKey(server.Rsa), SecurityAlgorithms.RsaSha256, Claims("acme")), "issuer rejected");

    [Fact]
    public Task An_hs256_token_keyed_with_the_rsa_public_keys_pem_is_refused() =>
        AssertRefusedAsync(ForgedTokens.HmacWith(Encoding.UTF8.GetBytes(server.Rsa.ExportSubjectPublicKeyInfoPem()), Claims("acme"), PublicKeyServer.SignerIssuer), "signature rejected");

    [Fact]
    public Task An_hs256_token_keyed_with_the_ec_public_keys_der_is_refused() =>
        AssertRefusedAsync(ForgedTokens.HmacWith(server.Ec.ExportSubjectPublicKeyInfo(), Claims("acme"), PublicKeyServer.SignerIssuer), "signature rejected");

    [Fact]
    public Task An_unsigned_alg_none_token_is_refused() =>
        AssertRefusedAsync(ForgedTokens.Unsigned(new Dictionary<string, object>(Claims("acme")) { ["iss"] = PublicKeyServer.SignerIssuer }), "signature rejected");

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public Task Other_algorithms_with_the_rsa_key_are_refused(string alg) =>
        AssertRefusedAsync(ForgedTokens.Signed(new RsaSecurityKey(server.Rsa), alg, Claims("acme"), PublicKeyServer.SignerIssuer), "signature rejected");

    [Fact]
    public async Task A_token_of_another_ec_key_is_refused()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AssertRefusedAsync(ForgedTokens.Signed(new ECDsaSecurityKey(other), SecurityAlgorithms.EcdsaSha256, Claims("acme"), PublicKeyServer.SignerIssuer), "signature rejected");
    }

    [Fact]
    public void Each_key_type_allows_exactly_its_own_algorithm()
    {
        using var rsa = RSA.Create(2048);
        Assert.True(TokenParameters.IsAllowed("RS256", new RsaSecurityKey(rsa)));
        Assert.False(TokenParameters.IsAllowed("HS256", new RsaSecurityKey(rsa)));
        Assert.False(TokenParameters.IsAllowed("ES256", new RsaSecurityKey(rsa)));
        Assert.False(TokenParameters.IsAllowed("RS256", new SymmetricSecurityKey(new byte[32])));
        Assert.False(TokenParameters.IsAllowed("none", new SymmetricSecurityKey(new byte[32])));
        // A JWKS entry: never symmetric, and never against the alg it names.
        Assert.False(TokenParameters.IsAllowed("HS256", new JsonWebKey("""{"kty":"oct","k":"AAAA"}""")));
        Assert.False(TokenParameters.IsAllowed("RS256", new JsonWebKey("""{"kty":"RSA","alg":"RS512","n":"AQAB","e":"AQAB"}""")));
        Assert.True(TokenParameters.IsAllowed("RS256", new JsonWebKey("""{"kty":"RSA","n":"AQAB","e":"AQAB"}""")));
        Assert.True(TokenParameters.IsAllowed("ES256", new JsonWebKey("""{"kty":"EC","crv":"P-256","x":"AQAB","y":"AQAB"}""")));
        Assert.False(TokenParameters.IsAllowed("ES256", new JsonWebKey("""{"kty":"EC","crv":"P-384","x":"AQAB","y":"AQAB"}""")));
    }
}

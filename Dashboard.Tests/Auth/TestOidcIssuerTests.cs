using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Auth;

/// <summary>The loopback test issuer itself behaves as an OpenID Connect provider: discovery, JWKS, code + PKCE, logout.</summary>
public sealed class TestOidcIssuerTests
{
    private static async Task<TokenValidationResult> ValidateAsync(TestOidcIssuer issuer, string token, string audience)
    {
        using var http = new HttpClient();
        var jwks = new JsonWebKeySet(await http.GetStringAsync(issuer.Authority + "/protocol/openid-connect/certs"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Authority,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
    }

    [Fact]
    public async Task Discovery_names_its_endpoints_and_the_jwks_publishes_only_public_current_keys()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        using var http = new HttpClient();

        using var discovery = JsonDocument.Parse(await http.GetStringAsync(issuer.Authority + "/.well-known/openid-configuration"));
        Assert.Equal(issuer.Authority, discovery.RootElement.GetProperty("issuer").GetString());
        Assert.StartsWith("http://127.0.0.1:", issuer.Authority, StringComparison.Ordinal);
        var jwksUri = discovery.RootElement.GetProperty("jwks_uri").GetString()!;
        var first = await http.GetStringAsync(jwksUri);
        Assert.DoesNotContain("\"d\"", first, StringComparison.Ordinal);
        var kids = new JsonWebKeySet(first).Keys.Select(k => k.Kid).ToList();
        Assert.Equal(2, kids.Count);

        Assert.True((await ValidateAsync(issuer, issuer.Issue("acme", "dashboard:read", alg: "ES256"), issuer.Audience)).IsValid);
        issuer.RotateKeys();
        var second = new JsonWebKeySet(await http.GetStringAsync(jwksUri)).Keys.Select(k => k.Kid).ToList();
        Assert.Empty(second.Intersect(kids));
        Assert.Equal(3, issuer.JwksRequests);
        Assert.False((await ValidateAsync(issuer, issuer.IssueWithUnpublishedKey("acme", "dashboard:read"), issuer.Audience)).IsValid);
    }

    [Fact]
    public async Task Code_flow_with_pkce_returns_an_id_token_and_an_access_token_with_the_users_claims()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        issuer.User = new TestOidcUser("bob", "t-1", "dashboard:read events:write", "Bob");
        issuer.ScopesAsScpArray = true;
        issuer.ScopeClaim = "scp";
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = $"{issuer.Authority}/protocol/openid-connect/auth?client_id={issuer.ClientId}&response_type=code&scope=openid"
            + $"&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:1/cb")}&state=s1&nonce=n1&code_challenge={challenge}&code_challenge_method=S256";

        var page = await http.GetStringAsync(authorize);
        Assert.Contains("id=\"approve\"", page, StringComparison.Ordinal);
        issuer.AutoApprove = true;
        using var redirect = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(redirect.Headers.Location!.Query);
        Assert.Equal("s1", query["state"]);

        FormUrlEncodedContent Form(string v) => new(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = query["code"]!, ["redirect_uri"] = "http://127.0.0.1:1/cb", ["code_verifier"] = v,
        });
        HttpRequestMessage Basic(string v) => new(HttpMethod.Post, issuer.Authority + "/protocol/openid-connect/token")
        {
            Content = Form(v),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{issuer.ClientId}:{issuer.ClientSecret}"))) },
        };
        using var tokenResponse = await http.SendAsync(Basic(verifier));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var tokens = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();

        var access = await ValidateAsync(issuer, tokens.GetProperty("access_token").GetString()!, issuer.Audience);
        Assert.True(access.IsValid, access.Exception?.Message);
        Assert.Equal("t-1", access.Claims["tenant"]);
        Assert.Equal("bob", access.Claims["sub"]);
        var id = await ValidateAsync(issuer, tokens.GetProperty("id_token").GetString()!, issuer.ClientId);
        Assert.True(id.IsValid, id.Exception?.Message);
        Assert.Equal("n1", id.Claims["nonce"]);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        // The scp array survives as a JSON array.
        Assert.Contains("[\"dashboard:read\",\"events:write\"]", Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(tokens.GetProperty("access_token").GetString()!.Split('.')[1])), StringComparison.Ordinal);

        // The code is single use.
        using var replay = await http.SendAsync(Basic(verifier));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("invalid_grant", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_invalid_grant_and_logout_is_recorded_and_redirected()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        issuer.AutoApprove = true;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(new string('v', 43))));
        using var redirect = await http.GetAsync($"{issuer.Authority}/protocol/openid-connect/auth?client_id={issuer.ClientId}&response_type=code"
            + $"&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&state=s&code_challenge={challenge}&code_challenge_method=S256");
        var code = System.Web.HttpUtility.ParseQueryString(redirect.Headers.Location!.Query)["code"]!;

        using var token = await http.PostAsync(issuer.Authority + "/protocol/openid-connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = "http://127.0.0.1:1/cb",
            ["code_verifier"] = new string('w', 43), ["client_id"] = issuer.ClientId, ["client_secret"] = issuer.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Contains("invalid_grant", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var logout = await http.GetAsync($"{issuer.Authority}/protocol/openid-connect/logout?id_token_hint=abc&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fout&state=z");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("http://127.0.0.1:1/out?state=z", logout.Headers.Location!.ToString());
        Assert.Contains("id_token_hint=abc", Assert.Single(issuer.EndSessionRequests), StringComparison.Ordinal);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Infrastructure;

/// <summary>Who "signs in" at the <see cref="TestOidcIssuer"/>'s authorize endpoint.</summary>
/// <param name="Subject">The <c>sub</c> claim.</param>
/// <param name="Tenant">Goes into the issuer's <see cref="TestOidcIssuer.TenantClaim"/>.</param>
/// <param name="Scopes">Space-separated; goes into <see cref="TestOidcIssuer.ScopeClaim"/> (a JSON array when <see cref="TestOidcIssuer.ScopesAsScpArray"/>).</param>
/// <param name="Name">The <c>name</c> claim, shown on the approval page.</param>
internal sealed record TestOidcUser(string Subject, string Tenant, string Scopes, string Name);

/// <summary>
/// A small, real OpenID Connect issuer on loopback Kestrel (127.0.0.1, a free port), shaped like a Keycloak realm:
/// discovery, a JWKS of RS256 and ES256 keys (rotatable), an authorization code + PKCE (S256) flow with an approval page,
/// a token endpoint (client_secret_post and client_secret_basic), userinfo and RP-initiated logout. Tokens can also be
/// minted directly (<see cref="Issue"/>) for API clients. Start with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
internal sealed partial class TestOidcIssuer : IAsyncDisposable
{
    private const string RealmPath = "/realms/test";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly Lock _keysGate = new();
    private readonly List<IDisposable> _everyKey = [];
    private readonly List<(RsaSecurityKey Key, string? Alg)> _extraKeys = [];
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TestOidcUser> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _endSessionRequests = new();
    private readonly RsaSecurityKey _unpublished;
    private WebApplication? _app;
    private RsaSecurityKey _rsa = null!;
    private ECDsaSecurityKey _ec = null!;
    private int _jwksRequests;
    private int _generation;

    private TestOidcIssuer(string audience, string clientId, string clientSecret)
    {
        Audience = audience;
        ClientId = clientId;
        ClientSecret = clientSecret;
        RotateKeys();
        _unpublished = NewRsaKey("unpublished");
    }

    /// <summary>The <c>iss</c> value and discovery base, e.g. <c>http://127.0.0.1:PORT/realms/test</c> (no trailing slash).</summary>
    public string Authority { get; private set; } = "";

    /// <summary>The <c>aud</c> of every access token.</summary>
    public string Audience { get; }

    /// <summary>The one client the token endpoint accepts (also the <c>aud</c> of id tokens).</summary>
    public string ClientId { get; }

    /// <summary>The client's secret (client_secret_post or client_secret_basic).</summary>
    public string ClientSecret { get; }

    /// <summary>Who signs in at the authorize endpoint. Default: <c>ann</c> of tenant <c>acme</c> with <c>dashboard:read admin</c>.</summary>
    public TestOidcUser User { get; set; } = new("ann", "acme", "dashboard:read admin", "Ann Example");

    /// <summary>False (default): the authorize endpoint shows an approval page with an <c>approve</c> button; true: it redirects back at once.</summary>
    public bool AutoApprove { get; set; }

    /// <summary>Claim name for the tenant in issued tokens.</summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Claim name for the scopes in issued tokens.</summary>
    public string ScopeClaim { get; set; } = "scope";

    /// <summary>True: scopes go out as a JSON array (Entra ID's and Okta's <c>scp</c>) instead of a space-separated string.</summary>
    public bool ScopesAsScpArray { get; set; }

    /// <summary>
    /// Publishes one more RSA key (a new one) under <paramref name="kid"/>, with <paramref name="alg"/> as its JWKS
    /// entry's <c>alg</c> (null: none); <see cref="IssueWithKid"/> signs with it.
    /// </summary>
    public void AddRsaKey(string kid, string? alg)
    {
        var key = NewRsaKey(kid);
        lock (_keysGate)
        {
            _extraKeys.Add((key, alg));
        }
    }

    /// <summary>
    /// A token like <see cref="Issue"/>'s (RS256) naming <paramref name="kid"/>: signed by the key <see cref="AddRsaKey"/>
    /// published under it, else by a key this issuer never publishes.
    /// </summary>
    public string IssueWithKid(string kid, string tenant, string scopes)
    {
        RsaSecurityKey key;
        lock (_keysGate)
        {
            key = _extraKeys.Select(e => e.Key).FirstOrDefault(k => k.KeyId == kid) ?? _unpublished;
        }

        return Sign(AccessTokenClaims("user", tenant, scopes), Audience, new RsaSecurityKey(key.Rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256, TimeSpan.FromHours(1));
    }

    /// <summary>How many times the JWKS was fetched.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>The query strings (with their leading <c>?</c>, or empty) received at the end-session endpoint, in order.</summary>
    public IReadOnlyList<string> EndSessionRequests => [.. _endSessionRequests];

    private string AuthorizeEndpoint => Authority + "/protocol/openid-connect/auth";

    private string TokenEndpoint => Authority + "/protocol/openid-connect/token";

    private string JwksUri => Authority + "/protocol/openid-connect/certs";

    private string UserInfoEndpoint => Authority + "/protocol/openid-connect/userinfo";

    private string EndSessionEndpoint => Authority + "/protocol/openid-connect/logout";

    /// <summary>Starts the issuer on a free loopback port.</summary>
    public static async Task<TestOidcIssuer> StartAsync(string audience = "dashboard", string clientId = "dashboard-pages", string clientSecret = "test-secret")
    {
        var issuer = new TestOidcIssuer(audience, clientId, clientSecret);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        issuer.Map(app);
        await app.StartAsync();
        issuer._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer.Authority = address.TrimEnd('/') + RealmPath;
        return issuer;
    }

    /// <summary>
    /// An access token as this issuer's token endpoint makes them (<c>iss</c>, <c>aud</c> = <see cref="Audience"/>, the
    /// tenant and scopes under <see cref="TenantClaim"/>/<see cref="ScopeClaim"/>), signed by a published key:
    /// <paramref name="alg"/> <c>RS256</c> or <c>ES256</c>. A negative <paramref name="lifetime"/> makes an expired token;
    /// <paramref name="audience"/> makes a token for another application of the same issuer.
    /// </summary>
    public string Issue(string tenant, string scopes, string subject = "user", TimeSpan? lifetime = null, string alg = "RS256", string? audience = null)
    {
        SecurityKey key;
        lock (_keysGate)
        {
            key = alg switch
            {
                SecurityAlgorithms.RsaSha256 => _rsa,
                SecurityAlgorithms.EcdsaSha256 => _ec,
                _ => throw new ArgumentException("RS256 or ES256", nameof(alg)),
            };
        }

        return Sign(AccessTokenClaims(subject, tenant, scopes), audience ?? Audience, key, alg, lifetime ?? TimeSpan.FromHours(1));
    }

    /// <summary>A token like <see cref="Issue"/>'s (RS256) signed by a key this issuer never publishes.</summary>
    public string IssueWithUnpublishedKey(string tenant, string scopes) =>
        Sign(AccessTokenClaims("user", tenant, scopes), Audience, _unpublished, SecurityAlgorithms.RsaSha256, TimeSpan.FromHours(1));

    /// <summary>New current RSA and EC keys (new <c>kid</c>s); the JWKS then publishes only these.</summary>
    public void RotateKeys()
    {
        lock (_keysGate)
        {
            _generation++;
            _rsa = NewRsaKey($"rsa-{_generation}");
            _ec = NewEcKey($"ec-{_generation}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        lock (_keysGate)
        {
            foreach (var key in _everyKey)
            {
                key.Dispose();
            }
        }
    }

    private Dictionary<string, object> AccessTokenClaims(string subject, string tenant, string scopes) => new()
    {
        ["sub"] = subject,
        [TenantClaim] = tenant,
        [ScopeClaim] = ScopesAsScpArray ? scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries) : scopes,
        ["azp"] = ClientId,
        ["typ"] = "Bearer",
    };

    private string Sign(Dictionary<string, object> claims, string audience, SecurityKey key, string alg, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        var expires = now + lifetime;
        // An expired token still needs nbf/iat before exp.
        var notBefore = lifetime > TimeSpan.Zero ? now : expires.AddMinutes(-5);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, alg),
        });
    }

    private (RsaSecurityKey Rsa, ECDsaSecurityKey Ec) CurrentKeys()
    {
        lock (_keysGate)
        {
            return (_rsa, _ec);
        }
    }

    private RsaSecurityKey NewRsaKey(string kid)
    {
        var rsa = RSA.Create(2048);
        lock (_keysGate)
        {
            _everyKey.Add(rsa);
        }

        return new RsaSecurityKey(rsa) { KeyId = kid };
    }

    private ECDsaSecurityKey NewEcKey(string kid)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        lock (_keysGate)
        {
            _everyKey.Add(ec);
        }

        return new ECDsaSecurityKey(ec) { KeyId = kid };
    }

    private sealed record PendingCode(string RedirectUri, string CodeChallenge, string? Nonce, TestOidcUser User);
}

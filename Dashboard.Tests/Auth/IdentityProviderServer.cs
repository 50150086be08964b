using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Auth;

/// <summary>
/// The app with <c>Auth:Authority</c> set to a <see cref="TestOidcIssuer"/> on loopback (plain http, so
/// <c>Auth:RequireHttpsMetadata=false</c>); the issuer starts first and stops last.
/// </summary>
public class IdentityProviderServer : DashboardServer, IAsyncLifetime
{
    private TestOidcIssuer? _issuer;

    internal TestOidcIssuer Issuer => _issuer ?? throw new InvalidOperationException("Not started.");

    /// <summary>Configures the issuer before the app reads it (claim names, users).</summary>
    internal virtual void ConfigureIssuer(TestOidcIssuer issuer)
    {
    }

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auth:Authority"] = Issuer.Authority;
        settings["Auth:Audience"] = Issuer.Audience;
        settings["Auth:RequireHttpsMetadata"] = "false";
        return settings;
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        _issuer = await TestOidcIssuer.StartAsync();
        ConfigureIssuer(_issuer);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }
}

/// <summary>A server of its own for the key rotation test: nothing else asks it to refetch keys first.</summary>
public sealed class KeyRotationServer : IdentityProviderServer;

/// <summary>An issuer shaped like Entra ID or Okta: scopes as an <c>scp</c> array, the tenant under another claim name.</summary>
public sealed class ScpArrayServer : IdentityProviderServer
{
    public const string TenantClaimName = "dashboard_tenant";

    internal override void ConfigureIssuer(TestOidcIssuer issuer)
    {
        issuer.ScopeClaim = "scp";
        issuer.ScopesAsScpArray = true;
        issuer.TenantClaim = TenantClaimName;
    }

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auth:ScopeClaim"] = "scp";
        settings["Auth:TenantClaim"] = TenantClaimName;
        return settings;
    }
}

/// <summary>
/// An issuer whose JWKS also publishes two more RSA keys from the start: one meant for RS384, one with no <c>alg</c>; its own server, so the refetch throttle starts from a first fetch nothing else asked for.
/// </summary>
public sealed class ExtraKeysServer : IdentityProviderServer
{
    public const string Rs384Kid = "meant-for-rs384";
    public const string NoAlgKid = "no-alg";

    internal override void ConfigureIssuer(TestOidcIssuer issuer)
    {
        issuer.AddRsaKey(Rs384Kid, "RS384");
        issuer.AddRsaKey(NoAlgKid, alg: null);
    }
}

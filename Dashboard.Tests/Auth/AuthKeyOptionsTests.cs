using Dashboard.Auth;
using Microsoft.Extensions.Options;
using System.Security.Cryptography;

namespace Dashboard.Tests.Auth;

/// <summary><c>Auth:PublicKeys</c> and <c>Auth:Authority</c> are checked at start; each error names its key.</summary>
public sealed class AuthKeyOptionsTests
{
    private static readonly string Key = new('k', 32);

    private static ValidateOptionsResult Validate(Action<AuthOptions> change)
    {
        var options = new AuthOptions { SigningKey = Key };
        change(options);
        return new AuthOptionsValidator().Validate(null, options);
    }

    private static void AssertFails(Action<AuthOptions> change, params string[] expected)
    {
        var result = Validate(change);
        Assert.True(result.Failed);
        foreach (var text in expected)
        {
            Assert.Contains(text, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rsa_and_p256_public_keys_as_text_or_file_are_accepted()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, ec.ExportSubjectPublicKeyInfoPem());
            Assert.True(Validate(o => o.PublicKeys = [rsa.ExportSubjectPublicKeyInfoPem(), rsa.ExportRSAPublicKeyPem(), file]).Succeeded);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Unusable_public_keys_are_refused_naming_the_index_and_the_reason()
    {
        using var small = RSA.Create(1024);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        AssertFails(o => o.PublicKeys = ["/nonexistent/key.pem"], "Auth:PublicKeys:0", "neither PEM text nor an existing file");
        AssertFails(o => o.PublicKeys = [rsa.ExportSubjectPublicKeyInfoPem(), small.ExportSubjectPublicKeyInfoPem()], "Auth:PublicKeys:1", "1024-bit", "2048");
        AssertFails(o => o.PublicKeys = [p384.ExportSubjectPublicKeyInfoPem()], "Auth:PublicKeys:0", "P-256");
        AssertFails(o => o.PublicKeys = [rsa.ExportPkcs8PrivateKeyPem()], "Auth:PublicKeys:0", "private key");
        AssertFails(o => o.PublicKeys = ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"], "Auth:PublicKeys:0", "'CERTIFICATE'");
        AssertFails(o => o.PublicKeys = ["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"], "Auth:PublicKeys:0", "not an RSA or EC public key");
    }

    [Fact]
    public void An_authority_needs_https_unless_allowed_and_an_audience()
    {
        AssertFails(o => o.Authority = "http://idp.test/realms/ops", "Auth:Authority must use https", "Auth:RequireHttpsMetadata");
        AssertFails(o => o.Authority = "https://idp.test/realms/ops", "Auth:Audience is required with Auth:Authority");
        AssertFails(o => o.Authority = "idp.test", "Auth:Authority must be an absolute http(s) URL");
        AssertFails(o => o.KeyRefreshIntervalSeconds = 0, "Auth:KeyRefreshIntervalSeconds");
        AssertFails(o => o.TenantClaim = "", "Auth:TenantClaim");
        Assert.True(Validate(o => (o.Authority, o.Audience, o.RequireHttpsMetadata) = ("http://127.0.0.1:8080/realms/ops", "dashboard", false)).Succeeded);
        Assert.True(Validate(o => (o.Authority, o.Audience) = ("https://idp.test/realms/ops", "dashboard")).Succeeded);
    }

    [Fact]
    public void The_app_refuses_to_start_with_an_unusable_public_key()
    {
        var error = AuthOptionsValidationTests.StartupRefusal(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Key,
            ["Auth:PublicKeys:0"] = "not a key",
        });

        Assert.Contains("Auth:PublicKeys:0", error.Message, StringComparison.Ordinal);
    }
}

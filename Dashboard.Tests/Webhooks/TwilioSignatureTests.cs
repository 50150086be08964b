using Dashboard.Webhooks;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Tests.Webhooks;

/// <summary>
/// <see cref="TwilioSignature"/> against Twilio's worked example: URL <c>https://mycompany.com/myapp.php?foo=1&amp;bar=2</c>,
/// auth token <c>12345</c>, the POST parameters of a <c>&lt;Gather&gt;</c>. The expected values were taken from Twilio's
/// material (twilio-php's validation guide, and the example of twilio.com/docs/usage/security as quoted in a public
/// gist) and recomputed independently with <c>openssl dgst -sha1 -hmac 12345 -binary | base64</c> over the concatenated
/// string, which gave the same two signatures.
/// </summary>
public sealed class TwilioSignatureTests
{
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    [Theory]
    [InlineData("+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("+12349013030", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")]
    public void The_worked_example_verifies(string caller, string expected)
    {
        var parameters = Example(caller);
        Assert.Equal(expected, Convert.ToBase64String(TwilioSignature.Compute("12345", Url, parameters)));
        Assert.True(TwilioSignature.IsValid("12345", Url, parameters, expected));
    }

    [Fact]
    public void Another_token_url_parameter_or_garbage_does_not_verify()
    {
        const string expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        var parameters = Example("+14158675309");
        Assert.False(TwilioSignature.IsValid("54321", Url, parameters, expected));
        Assert.False(TwilioSignature.IsValid("12345", Url.Replace("foo=1", "foo=2", StringComparison.Ordinal), parameters, expected));
        Assert.False(TwilioSignature.IsValid("12345", Url, Example("+14158675300"), expected));
        Assert.False(TwilioSignature.IsValid("12345", Url, parameters, "not base64!"));
        Assert.False(TwilioSignature.IsValid("12345", Url, parameters, ""));
    }

    [Fact]
    public void The_default_port_may_be_written_or_left_out()
    {
        var parameters = Example("+14158675309");
        const string expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        Assert.True(TwilioSignature.IsValid("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters, expected));
        Assert.False(TwilioSignature.IsValid("12345", "https://mycompany.com:8443/myapp.php?foo=1&bar=2", parameters, expected));
        Assert.Equal(
            ["https://h.example/p?q=1", "https://h.example:443/p?q=1"],
            TwilioSignature.UrlVariants("https://h.example/p?q=1"));
        Assert.Equal(
            ["http://h.example:80/p", "http://h.example/p"],
            TwilioSignature.UrlVariants("http://h.example:80/p"));
    }

    private static List<KeyValuePair<string, StringValues>> Example(string caller) =>
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", caller),
        new("Digits", "1234"),
        new("From", caller),
        new("To", "+18005551212"),
    ];
}

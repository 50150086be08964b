using Dashboard.Webhooks;

namespace Dashboard.Tests.Webhooks;

/// <summary>Bad webhook settings stop the server with messages naming the exact configuration key.</summary>
public sealed class WebhooksOptionsTests
{
    [Fact]
    public void Every_bad_key_is_named()
    {
        var options = new WebhooksOptions
        {
            PublicBaseUrl = "ftp://example.com",
            Twilio = { Accounts = { ["ACbad"] = new TwilioAccountOptions { Tenant = " " } } },
            LiveKit = { Keys = { ["APIbad"] = new LiveKitKeyOptions { Secret = "short", Tenant = "t", Direction = "sideways" } } },
        };

        var result = new WebhooksOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Webhooks:PublicBaseUrl ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Webhooks:Twilio:Accounts:ACbad:AuthToken ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Webhooks:Twilio:Accounts:ACbad:Tenant ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Webhooks:LiveKit:Keys:APIbad:Secret ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Webhooks:LiveKit:Keys:APIbad:Direction ", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    [Fact]
    public void Nothing_configured_is_valid()
    {
        Assert.True(new WebhooksOptionsValidator().Validate(null, new WebhooksOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Tue, 10 Feb 2026 14:30:00 +0000")]
    [InlineData("Tue, 10 Feb 2026 14:30:00 GMT")]
    [InlineData("Tue, 10 Feb 2026 15:30:00 +0100")]
    public void Twilio_timestamps_parse_as_rfc_1123(string text)
    {
        Assert.True(TwilioCallMapper.TryParseTimestamp(text, out var time));
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 14, 30, 0, TimeSpan.Zero), time);
    }
}

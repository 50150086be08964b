namespace Dashboard.Tests.Chat;

/// <summary><c>Payloads:MaxWaitingSessions</c> is validated at start-up like the other list caps, naming its key.</summary>
public sealed class ChatPayloadOptionsTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(50, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void MaxWaitingSessions_is_accepted_from_1_to_1000(int value, bool valid)
    {
        var result = new Dashboard.Publishing.PayloadOptionsValidator().Validate(null, new Dashboard.Publishing.PayloadOptions { MaxWaitingSessions = value });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Payloads:MaxWaitingSessions must be between 1 and 1000", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MaxWaitingSessions_defaults_to_50() => Assert.Equal(50, new Dashboard.Publishing.PayloadOptions().MaxWaitingSessions);
}

using Dashboard.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Auth;

/// <summary>
/// A session token must outlive the server's <c>token_expiring</c> window, or every <c>auth_success</c> is followed at
/// once by <c>token_expiring</c> and the page refreshes without end.
/// </summary>
public sealed class AuthOptionsValidationTests
{
    private static readonly string Key = new('k', 32);

    private static ValidateOptionsResult Validate(int lifetimeSeconds, string? warningSeconds)
    {
        var settings = new Dictionary<string, string?>();
        if (warningSeconds is not null)
        {
            settings["Realtime:TokenExpiryWarningSeconds"] = warningSeconds;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new AuthOptionsValidator(configuration).Validate(null, new AuthOptions { SigningKey = Key, SessionTokenLifetimeSeconds = lifetimeSeconds });
    }

    [Theory]
    [InlineData(10, "6")]
    [InlineData(12, "6")]
    [InlineData(60, "60")]
    [InlineData(120, null)]  // the warning's default is 60 s
    public void A_lifetime_at_most_twice_the_warning_window_is_refused_naming_both_keys(int lifetime, string? warning)
    {
        var result = Validate(lifetime, warning);

        Assert.True(result.Failed);
        Assert.Contains("Auth:SessionTokenLifetimeSeconds", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Realtime:TokenExpiryWarningSeconds", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains($"({lifetime})", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13, "6")]
    [InlineData(6, "0")]
    [InlineData(121, null)]
    [InlineData(900, "60")]
    public void A_lifetime_more_than_twice_the_warning_window_is_accepted(int lifetime, string? warning) =>
        Assert.True(Validate(lifetime, warning).Succeeded);

    [Fact]
    public void The_app_refuses_to_start_with_a_lifetime_inside_the_warning_window()
    {
        var error = StartupRefusal(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Key,
            ["Auth:SessionTokenLifetimeSeconds"] = "100",
            ["Realtime:TokenExpiryWarningSeconds"] = "60",
        });

        Assert.Contains("Realtime:TokenExpiryWarningSeconds", error.Message, StringComparison.Ordinal);
    }

    /// <summary>What the app with <see cref="AuthExtensions.AddDashboardAuth"/> and <paramref name="settings"/> throws when it reads the options at start.</summary>
    internal static OptionsValidationException StartupRefusal(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDashboardAuth();
        using var app = builder.Build();
        return Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
    }
}

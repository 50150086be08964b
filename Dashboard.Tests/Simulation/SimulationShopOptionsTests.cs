using Dashboard.Simulation;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Tests.Simulation;

/// <summary><c>Simulation:Shop:*</c>: binding, defaults, the tenant's zone in the profile, messages naming the exact key.</summary>
public sealed class SimulationShopOptionsTests
{
    private static SimulationOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return configuration.GetSection(SimulationOptions.SectionName).Get<SimulationOptions>() ?? new SimulationOptions();
    }

    private static IReadOnlyList<string> Failures(SimulationOptions options) =>
        new SimulationOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void The_unconfigured_shop_is_on_in_euros_and_dollars_with_an_hour_of_history()
    {
        var options = Bind(("Simulation:Seed", "1"));

        Assert.Empty(Failures(options));
        Assert.True(options.Shop.Enabled);
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var profile = options.Shop.ToProfile(kolkata);
        Assert.Equal([new("EUR", 0.6, 2), new("USD", 0.4, 2)], profile.Currencies);
        Assert.Same(kolkata, profile.TimeZone);
        Assert.Equal((12.0, 50_000, 300, 1.0, 60), (profile.SessionsPerMinuteAtPeak, profile.Users, profile.ContentItems, options.Shop.SpeedFactor, options.Shop.WarmStartMinutes));
    }

    [Fact]
    public void Configured_currencies_replace_the_defaults_with_their_minor_units()
    {
        var options = Bind(
            ("Simulation:Shop:Currencies:JPY", "1"),
            ("Simulation:Shop:Currencies:GBP", "3"),
            ("Simulation:Shop:SessionsPerMinuteAtPeak", "2.5"),
            ("Simulation:Shop:Enabled", "false"));

        Assert.Empty(Failures(options));
        Assert.False(options.Shop.Enabled);
        var profile = options.Shop.ToProfile(TimeZoneInfo.Utc);
        Assert.Equal([new("GBP", 3, 2), new("JPY", 1, 0)], profile.Currencies);
        Assert.Equal(2.5, profile.SessionsPerMinuteAtPeak);
    }

    [Theory]
    [InlineData("Simulation:Shop:SessionsPerMinuteAtPeak", "0", "Simulation:Shop:SessionsPerMinuteAtPeak must be greater than 0 and at most 10000.")]
    [InlineData("Simulation:Shop:Currencies:eur", "1", "Simulation:Shop:Currencies:eur must be an active ISO 4217 currency code in upper case, such as EUR or USD.")]
    [InlineData("Simulation:Shop:Currencies:XYZ", "1", "Simulation:Shop:Currencies:XYZ must be an active ISO 4217 currency code in upper case, such as EUR or USD.")]
    [InlineData("Simulation:Shop:Currencies:EUR", "0", "Simulation:Shop:Currencies:EUR must be greater than 0 and at most 1000.")]
    [InlineData("Simulation:Shop:Users", "0", "Simulation:Shop:Users must be between 1 and 10000000.")]
    [InlineData("Simulation:Shop:ContentItems", "100001", "Simulation:Shop:ContentItems must be between 1 and 100000.")]
    [InlineData("Simulation:Shop:MeanSessionSeconds", "9", "Simulation:Shop:MeanSessionSeconds must be between 10 and 7200.")]
    [InlineData("Simulation:Shop:MeanViewSeconds", "NaN", "Simulation:Shop:MeanViewSeconds must be between 1 and 3600.")]
    [InlineData("Simulation:Shop:PurchaseShare", "1.1", "Simulation:Shop:PurchaseShare must be between 0 and 1.")]
    [InlineData("Simulation:Shop:FailedShare", "-0.1", "Simulation:Shop:FailedShare must be between 0 and 1.")]
    [InlineData("Simulation:Shop:RefundShare", "2", "Simulation:Shop:RefundShare must be between 0 and 1.")]
    [InlineData("Simulation:Shop:LateShare", "-1", "Simulation:Shop:LateShare must be between 0 and 1.")]
    [InlineData("Simulation:Shop:SpeedFactor", "0", "Simulation:Shop:SpeedFactor must be between 0.1 and 1000.")]
    [InlineData("Simulation:Shop:WarmStartMinutes", "121", "Simulation:Shop:WarmStartMinutes must be between 0 and 120.")]
    public void An_invalid_value_is_reported_with_its_exact_key(string key, string value, string message)
    {
        Assert.Equal([message], Failures(Bind((key, value))));
    }

    [Fact]
    public void More_than_five_currencies_are_refused()
    {
        var options = Bind([.. new[] { "EUR", "USD", "GBP", "CHF", "JPY", "SEK" }.Select(c => ($"Simulation:Shop:Currencies:{c}", "1"))]);

        Assert.Contains("Simulation:Shop:Currencies must name at most 5 currencies.", Failures(options));
    }
}

using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Simulation;

/// <summary>
/// The app with the simulator on for one tenant whose zone has its evening now (<see cref="ShopSimulatorFeedTests.Zone"/>),
/// its shop busy (chat off, few calls).
/// </summary>
public sealed class ShopSimulatingServer() : ConfiguredServer(new()
{
    ["Simulation:Enabled"] = "true",
    ["Simulation:Seed"] = "8",
    ["Simulation:Tenants:0"] = ShopSimulatorFeedTests.Tenant,
    ["Simulation:CallsPerSecond"] = "0.5",
    ["Simulation:Chat:Enabled"] = "false",
    ["Simulation:Shop:SessionsPerMinuteAtPeak"] = "30",
    ["Simulation:Shop:PurchaseShare"] = "0.3",
    ["Simulation:Shop:WarmStartMinutes"] = "20",
    [$"Tenants:{ShopSimulatorFeedTests.Tenant}:TimeZone"] = ShopSimulatorFeedTests.Zone,
});

/// <summary>The simulated shop through the real ingestion path, fold, tick and REST.</summary>
public sealed class ShopSimulatorFeedTests(ShopSimulatingServer server) : IClassFixture<ShopSimulatingServer>
{
    internal const string Tenant = "shopdemo";

    // Zones around the world (half- and whole-hour offsets): one of them is always within two hours of 19:00 local.
    private static readonly string[] Zones =
    [
        "UTC", "Europe/Berlin", "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
        "Pacific/Honolulu", "America/Los_Angeles", "America/Denver", "America/New_York", "America/Sao_Paulo", "Atlantic/Azores",
    ];

    /// <summary>
    /// The zone where it is evening now (local time nearest 19:00), so the shop's daily curve is near its peak whenever the
    /// test runs and the 20 minutes of warm start hold enough checkouts in both currencies.
    /// </summary>
    internal static readonly string Zone = Zones.MinBy(z =>
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(z));
        var hours = Math.Abs(local.TimeOfDay.TotalHours - 19);
        return Math.Min(hours, 24 - hours);
    })!;

    [Fact]
    public async Task The_commerce_report_of_a_simulated_tenant_has_revenue_in_both_currencies_and_users_on_the_site_within_seconds()
    {
        // The 20 minutes of warm-start history hold completed payments in EUR and USD and users active in the last 5 min.
        using var http = server.Http(server.Token(Tenant, Scopes.Read));
        var body = await Poll.UntilAsync(
            () => http.GetStringAsync("/api/v1/commerce"),
            b => HasFigures(JsonDocument.Parse(b).RootElement),
            TimeSpan.FromSeconds(60),
            "commerce figures of the simulated shop",
            b => b);

        using var json = JsonDocument.Parse(body);
        Assert.Equal(Zone, json.RootElement.GetProperty("timeZone").GetString());
    }

    private static bool HasFigures(JsonElement commerce) =>
        commerce.GetProperty("revenue").EnumerateArray().Where(r => r.GetProperty("total").GetDecimal() > 0).Select(r => r.GetProperty("currency").GetString()).Order(StringComparer.Ordinal).SequenceEqual(["EUR", "USD"])
        && commerce.GetProperty("activeUsers").GetProperty("current").GetInt64() > 0
        && commerce.GetProperty("transactions").GetProperty("completed").GetInt64() > 0
        && commerce.GetProperty("content").GetProperty("totalViews").GetInt64() > 0
        && commerce.GetProperty("content").GetProperty("totalPurchases").GetInt64() > 0;
}

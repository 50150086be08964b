using Dashboard.Catalogue;
using System.Text.Json;
using Dashboard.Simulation;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Simulation;

public sealed class SimulatorFeedTests
{
    [Theory]
    [InlineData(new[] { "http://[::]:5080" }, "http://127.0.0.1:5080/")]
    [InlineData(new[] { "http://0.0.0.0:8080" }, "http://127.0.0.1:8080/")]
    [InlineData(new[] { "https://localhost:7001", "http://localhost:5001" }, "http://127.0.0.1:5001/")]
    [InlineData(new[] { "http://127.0.0.1:41234" }, "http://127.0.0.1:41234/")]
    [InlineData(new[] { "https://+:443" }, "https://127.0.0.1/")]
    public void Posts_to_the_servers_own_listening_address_on_loopback(string[] addresses, string expected)
    {
        Assert.Equal(new Uri(expected), TrafficSimulator.LoopbackAddress(addresses));
    }

    [Fact]
    public void No_listening_address_means_nothing_to_post_to()
    {
        Assert.Null(TrafficSimulator.LoopbackAddress([]));
    }

    [Fact]
    public void A_batch_is_a_json_array_of_cloudevents_with_camel_case_data()
    {
        var time = new DateTimeOffset(2025, 3, 1, 12, 0, 0, 250, TimeSpan.Zero);
        var body = CloudEventBatch.Serialize(
        [
            new SimulatedEvent("r-1", EventTypes.CallStarted, "call-1", time, new CallStartedData("call-1", "outbound", "cmp-1", "+18005550100", "+12025550142")),
            new SimulatedEvent("r-2", EventTypes.CallEnded, "call-1", time.AddSeconds(3), new CallEndedData("call-1", "busy", 0)),
        ]);

        using var doc = JsonDocument.Parse(body);
        var events = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        var first = events[0];
        Assert.Equal("1.0", first.GetProperty("specversion").GetString());
        Assert.Equal("r-1", first.GetProperty("id").GetString());
        Assert.Equal(CloudEventBatch.Source, first.GetProperty("source").GetString());
        Assert.Equal("call.started", first.GetProperty("type").GetString());
        Assert.Equal("2025-03-01T12:00:00.250Z", first.GetProperty("time").GetString());
        Assert.Equal("cmp-1", first.GetProperty("data").GetProperty("campaignId").GetString());
        Assert.Equal("busy", events[1].GetProperty("data").GetProperty("outcome").GetString());
        Assert.Equal(0, events[1].GetProperty("data").GetProperty("durationSeconds").GetDouble());
    }

    [Theory]
    [InlineData("CampaignsPerTenant", "0", "Simulation:CampaignsPerTenant must be between 1 and 50.")]
    [InlineData("SpeedFactor", "0", "Simulation:SpeedFactor must be between 0.1 and 1000.")]
    [InlineData("CallsPerSecond", "-1", "Simulation:CallsPerSecond must be greater than 0 and at most 200.")]
    public void Invalid_settings_name_their_configuration_key(string key, string value, string message)
    {
        var options = new SimulationOptions();
        typeof(SimulationOptions).GetProperty(key)!.SetValue(options, Convert.ChangeType(value, typeof(SimulationOptions).GetProperty(key)!.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        var result = new SimulationOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures!);
    }

    [Fact]
    public void Default_settings_are_valid_and_simulate_demo_and_acme()
    {
        var options = new SimulationOptions();
        Assert.True(new SimulationOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(["demo", "acme"], options.EffectiveTenants);
        Assert.Equal(3, options.CampaignsPerTenant);
    }
}

/// <summary>The app with the simulator on, fast, for two tenants.</summary>
public sealed class SimulatingServer : DashboardServer
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Simulation:Enabled"] = "true";
        settings["Simulation:Seed"] = "5";
        settings["Simulation:SpeedFactor"] = "30";
        settings["Simulation:CallsPerSecond"] = "20";
        return settings;
    }
}

public sealed class SimulatorIngestionTests(SimulatingServer server) : IClassFixture<SimulatingServer>
{
    [Fact]
    public async Task The_simulator_feeds_both_tenants_through_the_real_ingestion_endpoint()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var types = new Dictionary<string, HashSet<string>>();
        while (DateTime.UtcNow < deadline)
        {
            types.Clear();
            await using var cmd = new NpgsqlCommand("SELECT DISTINCT tenant, type FROM events WHERE source = 'urn:dashboard:simulator'", connection);
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    (types.TryGetValue(reader.GetString(0), out var set) ? set : types[reader.GetString(0)] = []).Add(reader.GetString(1));
                }
            }

            if (types.Count == 2 && types.Values.All(t => t.IsSupersetOf(["campaign.updated", "call.started", "call.answered", "call.ended"])))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"simulated events seen within 30 s: {JsonSerializer.Serialize(types)}");
    }
}

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
    [InlineData("QueueSpeedFactor", "0", "Simulation:QueueSpeedFactor must be between 0.1 and 1000.")]
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
public sealed class SimulatingServer() : ConfiguredServer(new()
{
    ["Simulation:Enabled"] = "true",
    ["Simulation:Seed"] = "5",
    ["Simulation:SpeedFactor"] = "30",
    ["Simulation:CallsPerSecond"] = "20",
    // Default queues, 30 × faster: about one caller a second per queue, and agents changing status every few seconds.
    ["Simulation:QueueSpeedFactor"] = "30",
});

public sealed class SimulatorIngestionTests(SimulatingServer server) : IClassFixture<SimulatingServer>
{
    [Fact]
    public async Task The_simulator_feeds_both_tenants_outbound_and_inbound_traffic_through_the_real_ingestion_endpoint()
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

            if (types.Count == 2 && types.Values.All(t => t.IsSupersetOf(["campaign.updated", "call.started", "call.answered", "call.ended", "call.queued", "agent.status_changed"])))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"simulated events seen within 30 s: {JsonSerializer.Serialize(types)}");
    }

    [Fact]
    public async Task The_chat_centre_gives_both_tenants_chat_state_with_history_at_once_through_the_real_ingestion_path()
    {
        // The warm start (Simulation:Chat:WarmStartMinutes, 15) puts closed, resolved and rated sessions and read and
        // failed messages into the first batches; the fold turns them into the chat tables the Chat page is computed from.
        const string Sql = """
            SELECT s.tenant,
                   count(*) FILTER (WHERE NOT s.is_open AND s.resolved),
                   count(*) FILTER (WHERE s.is_open AND s.agent_id IS NOT NULL),
                   count(*) FILTER (WHERE s.first_response_at IS NOT NULL),
                   (SELECT count(*) FROM chat_csat c WHERE c.tenant = s.tenant AND c.score BETWEEN 1 AND 5),
                   (SELECT count(*) FROM chat_messages m WHERE m.tenant = s.tenant AND m.status = 'read' AND m.sender = 'agent')
              FROM chat_sessions s
             GROUP BY s.tenant
            """;
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await Poll.UntilAsync(
            async () =>
            {
                var seen = new Dictionary<string, long[]>();
                await using var cmd = new NpgsqlCommand(Sql, connection);
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    seen[reader.GetString(0)] = [.. Enumerable.Range(1, 5).Select(reader.GetInt64)];
                }

                return seen;
            },
            seen => seen.Count == 2 && seen.Values.All(v => v.All(n => n > 0)),
            TimeSpan.FromSeconds(30),
            "chat state (tenant: resolved, active, first responses, CSAT, read agent messages)",
            seen => JsonSerializer.Serialize(seen));
    }

    [Fact]
    public async Task The_chat_report_of_a_simulated_tenant_has_figures_within_seconds_of_start()
    {
        // GET /api/v1/chat is the chat_update payload the Chat page shows. The 15 minutes of warm-start history count as
        // today unless the day began less than that ago; then only the live figures are required.
        var historyIsToday = DateTimeOffset.UtcNow - DateTimeOffset.UtcNow.Date > TimeSpan.FromMinutes(20);
        using var http = server.Http(server.Token("demo"));
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync("/api/v1/chat");
                return (response.IsSuccessStatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            r => r.IsSuccessStatusCode && HasFigures(JsonDocument.Parse(r.Body).RootElement, historyIsToday),
            TimeSpan.FromSeconds(30),
            "chat figures of tenant demo",
            r => r.Body);
    }

    // Live figures always; today's too unless the warm-start history fell into yesterday.
    private static bool HasFigures(JsonElement chat, bool historyIsToday)
    {
        var agents = chat.GetProperty("agents").EnumerateArray().ToList();
        var live = chat.GetProperty("sessions").GetProperty("active").GetInt32() > 0
            && agents.Count > 0 && agents.All(a => a.GetProperty("name").ValueKind == JsonValueKind.String);
        var today = chat.GetProperty("sessions").GetProperty("resolvedToday").GetInt64() > 0
            && chat.GetProperty("firstResponseSeconds").ValueKind == JsonValueKind.Number
            && chat.GetProperty("resolutionSeconds").ValueKind == JsonValueKind.Number
            && chat.GetProperty("averageWaitSeconds").ValueKind == JsonValueKind.Number
            && chat.GetProperty("csat").GetProperty("responses").GetInt64() > 0
            && chat.GetProperty("messages").GetProperty("readRate").ValueKind == JsonValueKind.Number
            && chat.GetProperty("messages").GetProperty("byKind").GetProperty("text").GetInt64() > 0;
        return live && (today || !historyIsToday);
    }

    [Fact]
    public async Task Inbound_agents_log_in_and_a_queued_caller_is_answered_by_an_agent_and_completes_for_each_tenant()
    {
        // Per tenant: distinct agents that reported a status, and inbound calls whose whole life (queued in a simulated
        // queue, answered by one of those agents, completed) is stored.
        const string Sql = """
            SELECT t.tenant,
                   (SELECT count(DISTINCT s.data->>'agentId') FROM events s
                     WHERE s.tenant = t.tenant AND s.source = t.source AND s.type = 'agent.status_changed'),
                   (SELECT count(*) FROM events q
                      JOIN events a ON a.tenant = q.tenant AND a.source = q.source AND a.type = 'call.answered'
                                   AND a.data->>'callId' = q.data->>'callId' AND a.data->>'agentId' LIKE 'agent-' || (q.data->>'queue') || '-%'
                      JOIN events e ON e.tenant = q.tenant AND e.source = q.source AND e.type = 'call.ended'
                                   AND e.data->>'callId' = q.data->>'callId' AND e.data->>'outcome' = 'completed'
                     WHERE q.tenant = t.tenant AND q.source = t.source AND q.type = 'call.queued' AND q.data->>'queue' IN ('support', 'sales'))
              FROM (SELECT DISTINCT tenant, source FROM events WHERE source = 'urn:dashboard:simulator') t
            """;
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var seen = new Dictionary<string, (long Agents, long Completed)>();
        while (DateTime.UtcNow < deadline)
        {
            seen.Clear();
            await using var cmd = new NpgsqlCommand(Sql, connection);
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    seen[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
                }
            }

            // 12 support + 10 sales agents by default, all logged in at the start.
            if (seen.Count == 2 && seen.Values.All(v => v.Agents == 22 && v.Completed > 0))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"inbound traffic seen within 30 s (tenant: agents, completed inbound calls): {string.Join(", ", seen)}");
    }
}

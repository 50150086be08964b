using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Simulation;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Catalogue.EventTypes;

namespace Dashboard.Tests.Simulation;

/// <summary>The chat model's events posted to the real ingestion endpoint, as the simulator posts them.</summary>
public sealed class ChatSimulationIngestionTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Two_hours_of_simulated_chat_are_accepted_by_the_ingestion_endpoint_without_a_rejection()
    {
        // The default chat centre with its default agents, two hours up to now (times must not lie in the future).
        var options = new SimulatedChatOptions();
        var profile = options.ToProfile([.. new SimulationOptions().EffectiveQueues.Select(q => q.Value.ToProfile(q.Key))]);
        var end = DateTimeOffset.UtcNow;
        var start = end.AddHours(-2);
        var model = new ChatCentreModel(profile, 1, new Random(3), Guid.NewGuid().ToString("N")[..8], start);
        var events = ChatCentreModelTests.Run(model, TimeSpan.FromHours(2), TimeSpan.FromSeconds(10), start);
        Assert.Equal(
            [ChatMessage, ChatMessageStatus, ChatSessionAssigned, ChatSessionClosed, ChatSessionStarted, CsatSubmitted],
            events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));

        using var http = server.Http(server.Token(Tenants.New(), Scopes.Write));
        var accepted = 0;
        foreach (var chunk in events.Chunk(TrafficSimulator.MaxBatchEvents))
        {
            using var content = new ByteArrayContent(CloudEventBatch.Serialize(chunk));
            content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventBatch.MediaType);
            using var response = await http.PostAsync("/api/v1/events", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
            using var json = JsonDocument.Parse(body);
            Assert.Equal((chunk.Length, 0), (json.RootElement.GetProperty("accepted").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32()));
            accepted += chunk.Length;
        }

        Assert.True(accepted > 3000, $"{accepted} events");
    }

    [Fact]
    public void The_wire_shapes_are_those_of_the_event_catalogue()
    {
        var time = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var body = CloudEventBatch.Serialize(
        [
            new SimulatedEvent("e-1", ChatSessionStarted, "s-1", time, new ChatSessionStartedData("s-1", "web")),
            new SimulatedEvent("e-2", ChatSessionAssigned, "s-1", time, new ChatSessionAssignedData("s-1", "a-1")),
            new SimulatedEvent("e-3", ChatMessage, "s-1", time, new ChatMessageData("s-1", "m-1", "image", "agent")),
            new SimulatedEvent("e-4", ChatMessageStatus, "s-1", time, new ChatMessageStatusData("m-1", "read")),
            new SimulatedEvent("e-5", ChatSessionClosed, "s-1", time, new ChatSessionClosedData("s-1", false)),
            new SimulatedEvent("e-6", CsatSubmitted, "s-1", time, new CsatSubmittedData(4, "s-1", "a-1")),
        ]);

        using var doc = JsonDocument.Parse(body);
        Assert.Equal(
            [
                """{"sessionId":"s-1","channel":"web"}""",
                """{"sessionId":"s-1","agentId":"a-1"}""",
                """{"sessionId":"s-1","messageId":"m-1","kind":"image","sender":"agent"}""",
                """{"messageId":"m-1","status":"read"}""",
                """{"sessionId":"s-1","resolved":false}""",
                """{"score":4,"sessionId":"s-1","agentId":"a-1"}""",
            ],
            doc.RootElement.EnumerateArray().Select(e => e.GetProperty("data").GetRawText()));
    }
}

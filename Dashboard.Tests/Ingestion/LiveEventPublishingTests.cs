using System.Text.Json;
using System.Threading.Channels;
using Dashboard.Auth;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Ingestion;

/// <summary>After commit, newly stored call events reach <c>calls</c> and agent status changes reach <c>agents</c>; duplicates do not.</summary>
public sealed class LiveEventPublishingTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_new_call_event_is_published_once_and_its_duplicate_is_not()
    {
        var tenant = Events.NewTenant();
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        var subscriber = new RecordingSubscriber();
        hub.Subscribe(tenant, Topics.Calls, subscriber);
        try
        {
            using var client = server.Http(server.Token(tenant, Scopes.Write));
            var started = Events.CallStarted("call-77");
            started["time"] = RecentTime(8, 30);

            using var first = await client.PostAsync(started);
            await first.AssertAcceptedAsync(1, 0);
            var message = await subscriber.NextAsync(Wait);

            using var json = JsonDocument.Parse(message.Json);
            var root = json.RootElement;
            Assert.Equal("call_event", root.GetProperty("type").GetString());
            Assert.Equal(Topics.Calls, root.GetProperty("topic").GetString());
            Assert.False(message.IsSnapshot);
            var data = root.GetProperty("data");
            Assert.Equal("call_started", data.GetProperty("event").GetString());
            Assert.Equal("call-77", data.GetProperty("callId").GetString());
            Assert.Equal("c-1", data.GetProperty("campaignId").GetString());
            Assert.Equal("outbound", data.GetProperty("direction").GetString());
            Assert.Equal("a-7", data.GetProperty("agentId").GetString());
            Assert.Equal(JsonValueKind.Null, data.GetProperty("outcome").ValueKind);
            Assert.Equal(JsonValueKind.Null, data.GetProperty("durationSeconds").ValueKind);
            Assert.Equal((string)started["time"]!, data.GetProperty("time").GetString());

            // Publishing happens before the 202 is written, so anything the duplicate caused would already be queued.
            using var duplicate = await client.PostAsync(started);
            await duplicate.AssertAcceptedAsync(0, 1);
            Assert.False(subscriber.TryTake(out _));

            using var ended = await client.PostAsync(Events.CallEnded("call-77", outcome: "converted", duration: 61));
            await ended.AssertAcceptedAsync(1, 0);
            var next = await subscriber.NextAsync(Wait);
            Assert.Equal(message.Seq + 1, next.Seq);
            using var nextJson = JsonDocument.Parse(next.Json);
            var endedData = nextJson.RootElement.GetProperty("data");
            Assert.Equal("call_ended", endedData.GetProperty("event").GetString());
            Assert.Equal("converted", endedData.GetProperty("outcome").GetString());
            Assert.Equal(61, endedData.GetProperty("durationSeconds").GetDouble());
        }
        finally
        {
            hub.Unsubscribe(tenant, Topics.Calls, subscriber);
        }
    }

    [Fact]
    public async Task Non_call_events_and_other_tenants_publish_nothing_on_the_calls_topic()
    {
        var tenant = Events.NewTenant();
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        var subscriber = new RecordingSubscriber();
        hub.Subscribe(tenant, Topics.Calls, subscriber);
        try
        {
            using var own = server.Http(server.Token(tenant, Scopes.Write));
            using var other = server.Http(server.Token(Events.NewTenant(), Scopes.Write));

            using var campaign = await own.PostAsync(Events.Event("campaign.updated", new() { ["campaignId"] = "c-1", ["queueDepth"] = 5 }));
            using var foreign = await other.PostAsync(Events.CallStarted("x"));
            await campaign.AssertAcceptedAsync(1, 0);
            await foreign.AssertAcceptedAsync(1, 0);
            Assert.False(subscriber.TryTake(out _));

            using var answered = await own.PostAsync(Events.Event("call.answered", new() { ["callId"] = "c-5" }));
            await answered.AssertAcceptedAsync(1, 0);
            var message = await subscriber.NextAsync(Wait);
            using var json = JsonDocument.Parse(message.Json);
            Assert.Equal("call_answered", json.RootElement.GetProperty("data").GetProperty("event").GetString());
        }
        finally
        {
            hub.Unsubscribe(tenant, Topics.Calls, subscriber);
        }
    }

    [Fact]
    public async Task An_agent_status_change_is_published_on_agents_at_ingest_and_its_duplicate_is_not()
    {
        var tenant = Events.NewTenant();
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        var subscriber = new RecordingSubscriber("agent_status_changed");
        hub.Subscribe(tenant, Topics.Agents, subscriber);
        try
        {
            using var client = server.Http(server.Token(tenant, Scopes.Write));
            var changed = Events.Event("agent.status_changed", new()
            {
                ["agentId"] = "a-7", ["name"] = "Ada", ["status"] = "after_call_work", ["queues"] = new System.Text.Json.Nodes.JsonArray("support", "sales"),
            });
            changed["time"] = RecentTime(8, 31);

            using var first = await client.PostAsync(changed);
            await first.AssertAcceptedAsync(1, 0);
            var message = await subscriber.NextAsync(Wait);
            Assert.False(message.IsSnapshot);
            using var json = JsonDocument.Parse(message.Json);
            Assert.Equal(Topics.Agents, json.RootElement.GetProperty("topic").GetString());
            var data = json.RootElement.GetProperty("data");
            Assert.Equal("a-7", data.GetProperty("agentId").GetString());
            Assert.Equal("Ada", data.GetProperty("name").GetString());
            Assert.Equal("after_call_work", data.GetProperty("status").GetString());
            Assert.Equal(["support", "sales"], data.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
            Assert.Equal((string)changed["time"]!, data.GetProperty("time").GetString());

            using var duplicate = await client.PostAsync(changed);
            await duplicate.AssertAcceptedAsync(0, 1);
            Assert.False(subscriber.TryTake(out _));
        }
        finally
        {
            hub.Unsubscribe(tenant, Topics.Agents, subscriber);
        }
    }

    // hh:mm of yesterday (UTC), in the millisecond 'Z' form the server writes: recent enough for Ingestion:MaxEventAgeDays.
    private static string RecentTime(int hour, int minute) =>
        DateTime.UtcNow.Date.AddDays(-1).AddHours(hour).AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records the <c>call_event</c>s of the topic; the job's <c>active_calls_update</c> snapshots share it and are ignored.</summary>

    private sealed class RecordingSubscriber(string type = "call_event") : IHubSubscriber
    {
        private readonly Channel<HubMessage> _messages = Channel.CreateUnbounded<HubMessage>();

        public void Deliver(HubMessage message)
        {
            if (message.Type == type)
            {
                _messages.Writer.TryWrite(message);
            }
        }

        public void Resync(string topic, HubMessage? snapshot)
        {
            if (snapshot is not null)
            {
                Deliver(snapshot);
            }
        }

        public bool TryTake(out HubMessage? message) => _messages.Reader.TryRead(out message);

        public async Task<HubMessage> NextAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            return await _messages.Reader.ReadAsync(cts.Token);
        }
    }
}

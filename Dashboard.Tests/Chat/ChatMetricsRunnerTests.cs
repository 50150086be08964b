using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using System.Text.Json;

namespace Dashboard.Tests.Chat;

/// <summary>
/// The 1 s tick publishing <c>chat_update</c>: published when the figures change, not when only the clock moves the
/// waits, live while a session is open, reset at UTC midnight, and never for a tenant without chat. State rows are
/// written by hand (what the fold writes); the clock is a <see cref="ManualTimeProvider"/> (2025-06-01 12:00 UTC).
/// </summary>
public sealed class ChatMetricsRunnerTests : FreshDatabaseTests
{
    private DateTime Today => Db.Now.Date;

    [Fact]
    public async Task A_waiting_session_is_published_once_then_not_again_while_only_its_wait_grows()
    {
        var rows = new ChatTestRows(Db.DataSource, "waiting");
        await rows.KnownAsync();
        await rows.SessionAsync("s1", Db.Now.AddSeconds(-30), "web");
        var chat = new RecordingSubscriber().Subscribe(Db.Hub, "waiting", Topics.Chat);

        await Db.Runner.RunAsync(CancellationToken.None);
        var first = Assert.Single(chat.Messages);
        Assert.Equal(("chat_update", true), (first.Type, first.IsSnapshot));
        var data = RecordingSubscriber.Data(first);
        Assert.Equal(30, data.GetProperty("longestWaitSeconds").GetDouble());
        Assert.Equal(1, data.GetProperty("sessions").GetProperty("waiting").GetInt32());
        Assert.Equal(Db.Now.AddSeconds(-30), data.GetProperty("waitingSessions")[0].GetProperty("startedAt").GetDateTime().ToUniversalTime());

        // The open session keeps the tenant live: recomputed every tick, yet nothing but the waits moved.
        for (var i = 0; i < 3; i++)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(1));
            var tick = await Db.Runner.RunAsync(CancellationToken.None);
            Assert.Equal((1, 0), (tick.TenantsComputed, tick.MessagesPublished));
        }

        Assert.Single(chat.Messages);

        // Assigned: a real change, published.
        await rows.SessionAsync("s1", Db.Now.AddSeconds(-33), "web", assignedAt: Db.Now, agentId: "a-1");
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(2, chat.Messages.Count);
        var assigned = RecordingSubscriber.Data(chat.Messages[^1]);
        Assert.Equal((1, 0), (assigned.GetProperty("sessions").GetProperty("active").GetInt32(), assigned.GetProperty("sessions").GetProperty("waiting").GetInt32()));
        Assert.Equal(JsonValueKind.Null, assigned.GetProperty("longestWaitSeconds").ValueKind);
        Assert.Equal(33, assigned.GetProperty("averageWaitSeconds").GetDouble());
        Assert.Equal("a-1", assigned.GetProperty("agents")[0].GetProperty("agentId").GetString());

        // Closed: no longer live, so it costs nothing once published.
        await rows.SessionAsync("s1", Db.Now.AddSeconds(-34), "web", assignedAt: Db.Now.AddSeconds(-1), agentId: "a-1", closedAt: Db.Now, resolved: true);
        Assert.Empty(await Db.TickTenants.LiveAsync(Db.Now, CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_without_chat_state_gets_no_chat_snapshot()
    {
        await Db.InsertAsync("voice", "call.started", Db.Now.AddMinutes(-5), new { callId = "v1", campaignId = "c-1" });
        await Db.FoldAllAsync();

        await Db.Runner.RunAsync(CancellationToken.None);

        Assert.True(Db.Hub.SnapshotSeq("voice", Topics.Metrics) > 0);
        Assert.Equal(0, Db.Hub.SnapshotSeq("voice", Topics.Chat));
    }

    [Fact]
    public async Task At_utc_midnight_todays_figures_start_again_once_and_each_new_hour_moves_the_messages_per_hour()
    {
        var rows = new ChatTestRows(Db.DataSource, "midnight");
        await rows.KnownAsync();
        await rows.SessionAsync("s1", Today.AddHours(10), "web", assignedAt: Today.AddHours(10).AddSeconds(20), agentId: "a-1",
            firstResponseAt: Today.AddHours(10).AddSeconds(50), closedAt: Today.AddHours(11), resolved: true);
        await rows.CsatAsync(Today.AddHours(11), 5, sessionId: "s1");
        await rows.HourAsync(Today.AddHours(10), "agent", "text", "read", 4);
        var chat = new RecordingSubscriber().Subscribe(Db.Hub, "midnight", Topics.Chat);

        // 23:59:59: the day's numbers.
        Db.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        await Db.Runner.RunAsync(CancellationToken.None);
        var day = RecordingSubscriber.Data(chat.Messages[^1]);
        Assert.Equal((1L, 1L), (day.GetProperty("sessions").GetProperty("closedToday").GetInt64(), day.GetProperty("sessions").GetProperty("resolvedToday").GetInt64()));
        Assert.Equal((20.0, 50.0, 3600.0), (day.GetProperty("averageWaitSeconds").GetDouble(), day.GetProperty("firstResponseSeconds").GetDouble(), day.GetProperty("resolutionSeconds").GetDouble()));
        Assert.Equal((1L, 1.0), (day.GetProperty("csat").GetProperty("responses").GetInt64(), day.GetProperty("agents")[0].GetProperty("csatPercent").GetDouble()));
        Assert.Equal(4, day.GetProperty("messages").GetProperty("today").GetInt64());
        Db.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);

        // 00:00:00.5: no event, nothing open, yet recomputed once: today is empty, the last 24 hours still hold 10:00.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var midnight = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, midnight.TenantsComputed);
        var next = RecordingSubscriber.Data(chat.Messages[^1]);
        Assert.Equal(Today, next.GetProperty("windowStart").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc), Today);
        Assert.Equal(0, next.GetProperty("sessions").GetProperty("closedToday").GetInt64());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("resolutionSeconds").ValueKind);
        Assert.Equal(0, next.GetProperty("csat").GetProperty("responses").GetInt64());
        Assert.Equal(0, next.GetProperty("agents").GetArrayLength());
        Assert.Equal(0, next.GetProperty("messages").GetProperty("today").GetInt64());
        Assert.Equal(4, next.GetProperty("messages").GetProperty("peakHour").GetProperty("count").GetInt64());
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);

        // 10:00:01: yesterday 10:00 leaves the last 24 hours; the tenant is recomputed once that hour and the peak goes.
        Db.Clock.Advance(TimeSpan.FromHours(10) - TimeSpan.FromSeconds(1.5) + TimeSpan.FromSeconds(1));
        var hour = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), (hour.TenantsComputed, hour.MessagesPublished));
        var later = RecordingSubscriber.Data(chat.Messages[^1]);
        Assert.Equal(JsonValueKind.Null, later.GetProperty("messages").GetProperty("peakHour").ValueKind);
        Assert.Equal(Today.AddHours(10), later.GetProperty("messages").GetProperty("perHour")[23].GetProperty("hour").GetDateTime().ToUniversalTime());
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);
    }
}

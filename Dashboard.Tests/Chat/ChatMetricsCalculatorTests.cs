using Dashboard.Chat;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Chat;

/// <summary>
/// The chat metrics read from hand-made rows of <c>chat_sessions</c>, <c>chat_csat</c>, <c>chat_message_hourly</c> and
/// <c>agents</c> (what the fold writes), with today's UTC window applied by the queries; each figure hand-computed.
/// </summary>
public sealed class ChatMetricsCalculatorTests : FreshDatabaseTests
{
    private static readonly DateTime Midnight = new(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = Midnight.AddHours(10);

    /// <summary>
    /// s1, s2 waiting; s3 active (a-1); s4 resolved, s5 unresolved (both a-2), s6 closed unassigned; s7 closed resolved
    /// then reopened (a-1); s8 all yesterday (a-3); s9 without a start (a-3, resolved); s10 transferred from a-1 to a-2.
    /// </summary>
    private async Task SeedSessionsAsync(string tenant)
    {
        var rows = new ChatTestRows(Db.DataSource, tenant);
        await rows.SessionAsync("s1", Now.AddSeconds(-95.04), channel: "web");
        await rows.SessionAsync("s2", Now.AddSeconds(-3));
        await rows.SessionAsync("s3", Now.AddSeconds(-600), "whatsapp", assignedAt: Now.AddSeconds(-540), agentId: "a-1", firstResponseAt: Now.AddSeconds(-500));
        await rows.SessionAsync("s4", Now.AddSeconds(-3600), "web", assignedAt: Now.AddSeconds(-3580), agentId: "a-2", firstResponseAt: Now.AddSeconds(-3500), closedAt: Now.AddSeconds(-1800), resolved: true);
        await rows.SessionAsync("s5", Now.AddSeconds(-2000), "web", assignedAt: Now.AddSeconds(-1990), agentId: "a-2", closedAt: Now.AddSeconds(-1000));
        await rows.SessionAsync("s6", Now.AddSeconds(-900), "web", closedAt: Now.AddSeconds(-800));
        await rows.SessionAsync("s7", Now.AddSeconds(-7200), "web", openedAt: Now.AddSeconds(-100), assignedAt: Now.AddSeconds(-7100), agentId: "a-1",
            firstResponseAt: Now.AddSeconds(-7000), closedAt: Now.AddSeconds(-5000), resolved: true);
        await rows.SessionAsync("s8", Midnight.AddHours(-2), "web", assignedAt: Midnight.AddHours(-1.9), agentId: "a-3",
            firstResponseAt: Midnight.AddHours(-1.8), closedAt: Midnight.AddHours(-1), resolved: true);
        await rows.SessionAsync("s9", null, assignedAt: Now.AddSeconds(-50), agentId: "a-3", firstResponseAt: Now.AddSeconds(-40), closedAt: Now.AddSeconds(-30), resolved: true);
        await rows.SessionAsync("s10", Now.AddSeconds(-400), "web", assignedAt: Now.AddSeconds(-390), agentId: "a-2", agentAssignedAt: Now.AddSeconds(-200));
    }

    [Fact]
    public async Task Sessions_waits_first_response_and_resolution_follow_the_hand_computed_fixture()
    {
        await SeedSessionsAsync("day");

        var m = await ComputeAsync("day");

        // Waiting s1, s2; active s3, s7 (reopened), s10; closed today s4, s5, s6, s9 (s7 is open again), resolved s4, s9.
        Assert.Equal(new ChatSessionCounts(Active: 3, Waiting: 2, ClosedToday: 4, ResolvedToday: 2), m.Sessions);
        Assert.Equal(["s1", "s2"], m.WaitingSessions.Select(w => w.SessionId).ToArray());
        Assert.Equal(new WaitingSession("s1", "web", 95.0, Now.AddSeconds(-95.04)), m.WaitingSessions[0]);
        Assert.Equal(new WaitingSession("s2", null, 3.0, Now.AddSeconds(-3)), m.WaitingSessions[1]);
        Assert.Equal(95.0, m.LongestWaitSeconds);
        // First assigned today, with a start: s3 60, s4 20, s5 10, s7 100, s10 10 (its first assignment) → 200 / 5.
        Assert.Equal(40.0, m.AverageWaitSeconds);
        // First agent message today, with a start: s3 100, s4 100, s7 200; s5 never got a reply, s9 has no start → 400 / 3.
        Assert.Equal(133.3, m.FirstResponseSeconds);
        // Closed today with resolved: s4 1800 only (s5 unresolved, s7 reopened, s9 without a start).
        Assert.Equal(1800.0, m.ResolutionSeconds);
        Assert.Equal(Midnight, m.WindowStart);
        Assert.Equal(("UTC", Now), (m.TimeZone, m.ComputedAt));
    }

    [Fact]
    public async Task Agents_are_credited_through_their_newest_assignment_and_named_from_the_agents_table()
    {
        await SeedSessionsAsync("agents");
        var rows = new ChatTestRows(Db.DataSource, "agents");
        await rows.AgentAsync("a-1", "Ana");
        await rows.AgentAsync("a-2", null);
        await rows.AgentAsync("a-9", "Not in chat");

        var agents = (await ComputeAsync("agents")).Agents;

        Assert.Equal(
            [
                // s3 and s7 open; FRT (100 + 200) / 2; nothing resolved.
                new ChatAgent("a-1", "Ana", 2, 2, 150.0, null, null),
                // s10 open (transferred in); s4, s5, s10 assigned to a-2 today; FRT and resolution of s4.
                new ChatAgent("a-2", null, 1, 3, 100.0, 1800.0, null),
                // s9 (no start: in no average); s8 was yesterday.
                new ChatAgent("a-3", null, 0, 1, null, null, null),
            ],
            agents);
    }

    [Fact]
    public async Task The_waiting_list_stops_at_the_cap_but_the_count_is_the_true_one()
    {
        Db.Payloads.MaxWaitingSessions = 1;
        await SeedSessionsAsync("cap");

        var m = await ComputeAsync("cap");

        Assert.Equal(2, m.Sessions.Waiting);
        Assert.Equal("s1", Assert.Single(m.WaitingSessions).SessionId);
        Assert.Equal(95.0, m.LongestWaitSeconds);
    }

    [Fact]
    public async Task Csat_counts_todays_responses_and_credits_the_events_agent_else_the_sessions_current_one()
    {
        var rows = new ChatTestRows(Db.DataSource, "csat");
        await rows.SessionAsync("c1", Now.AddHours(-1), assignedAt: Now.AddMinutes(-50), agentId: "a-1");
        await rows.SessionAsync("c2", Now.AddHours(-1), closedAt: Now.AddMinutes(-55));
        // c3's response came before its assignment: credited to the agent it has when read.
        await rows.CsatAsync(Now.AddMinutes(-10), 4, sessionId: "c3");
        await rows.SessionAsync("c3", Now.AddMinutes(-20), assignedAt: Now.AddMinutes(-5), agentId: "a-3");
        await rows.CsatAsync(Now.AddMinutes(-9), 5, sessionId: "c1", agentId: "a-2");
        await rows.CsatAsync(Now.AddMinutes(-8), 4, sessionId: "c1");
        await rows.CsatAsync(Now.AddMinutes(-7), 1, sessionId: "c2");
        await rows.CsatAsync(Now.AddMinutes(-6), 3);
        await rows.CsatAsync(Now.AddMinutes(-5), 2, agentId: "a-1", callId: "call-1");
        await rows.CsatAsync(Midnight.AddSeconds(-1), 5, agentId: "a-1");

        var m = await ComputeAsync("csat");

        Assert.Equal(6, m.Csat.Responses);
        Assert.Equal(new Dictionary<string, long> { ["1"] = 1, ["2"] = 1, ["3"] = 1, ["4"] = 2, ["5"] = 1 }, m.Csat.Distribution);
        Assert.Equal(["1", "2", "3", "4", "5"], m.Csat.Distribution.Keys.ToArray());
        Assert.Equal(0.5, m.Csat.Percent);
        Assert.Equal(19.0 / 6, m.Csat.Average!.Value, 12);
        var csat = m.Agents.ToDictionary(a => a.AgentId, a => a.CsatPercent);
        // a-1: 4 (c1, by its session) and 2 (a call, by the event); a-2: 5; a-3: 4. The 1 and the 3 credit nobody.
        Assert.Equal(new Dictionary<string, double?> { ["a-1"] = 0.5, ["a-2"] = 1.0, ["a-3"] = 1.0 }, csat);
    }

    [Fact]
    public async Task Messages_today_by_kind_and_status_agent_rates_and_the_last_24_hours()
    {
        var rows = new ChatTestRows(Db.DataSource, "msg");
        var at = Now.AddMinutes(30);
        await rows.HourAsync(Now, "agent", "text", "sent", 2);
        await rows.HourAsync(Now, "agent", "text", "delivered", 3);
        await rows.HourAsync(Now, "agent", "image", "read", 4);
        await rows.HourAsync(Now, "agent", "file", "failed", 1);
        await rows.HourAsync(Now, "customer", "text", "sent", 5);
        await rows.HourAsync(Midnight.AddHours(8), "customer", "audio", "read", 5);
        // Yesterday 23:00: inside the last 24 hours, not today. Yesterday 10:00: neither.
        await rows.HourAsync(Midnight.AddHours(-1), "customer", "text", "sent", 7);
        await rows.HourAsync(Midnight.AddHours(-14), "customer", "text", "sent", 100);

        var m = (await ComputeAsync("msg", at)).Messages;

        Assert.Equal(20, m.Today);
        Assert.Equal(new Dictionary<string, long> { ["text"] = 10, ["image"] = 4, ["file"] = 1, ["audio"] = 5, ["video"] = 0 }, m.ByKind);
        Assert.Equal(new Dictionary<string, long> { ["sent"] = 7, ["delivered"] = 3, ["read"] = 9, ["failed"] = 1 }, m.ByStatus);
        // Over the 10 agent messages: (3 + 4) delivered or read, 4 read, 1 failed.
        Assert.Equal((0.7, 0.4, 0.1), (m.DeliveryRate!.Value, m.ReadRate!.Value, m.FailureRate!.Value));
        Assert.Equal(24, m.PerHour.Count);
        Assert.Equal(Midnight.AddHours(-13), m.PerHour[0].Hour);
        Assert.Equal(new HourCount(Now, 15), m.PerHour[^1]);
        Assert.Equal(new HourCount(Midnight.AddHours(-1), 7), m.PerHour.Single(h => h.Hour == Midnight.AddHours(-1)));
        Assert.Equal(27, m.PerHour.Sum(h => h.Count));
        Assert.Equal(new HourCount(Now, 15), m.PeakHour);
    }

    [Fact]
    public async Task Without_agent_messages_the_rates_are_null_and_without_any_message_there_is_no_peak_hour()
    {
        var rows = new ChatTestRows(Db.DataSource, "quiet");
        await rows.HourAsync(Now, "customer", "text", "sent", 3);

        var customerOnly = (await ComputeAsync("quiet")).Messages;
        Assert.Equal(3, customerOnly.Today);
        Assert.Null(customerOnly.DeliveryRate);
        Assert.Null(customerOnly.ReadRate);
        Assert.Null(customerOnly.FailureRate);

        var empty = await ComputeAsync("nobody");
        Assert.Equal(0, empty.Messages.Today);
        Assert.All(empty.Messages.PerHour, h => Assert.Equal(0, h.Count));
        Assert.Null(empty.Messages.PeakHour);
        Assert.Null(empty.Csat.Percent);
        Assert.Null(empty.Csat.Average);
        Assert.Equal(5, empty.Csat.Distribution.Count);
        Assert.Null(empty.AverageWaitSeconds);
        Assert.Null(empty.LongestWaitSeconds);
        Assert.Empty(empty.Agents);
    }

    [Fact]
    public async Task Tenants_are_computed_together_without_mixing_and_only_tenants_with_chat_state_are_found()
    {
        await SeedSessionsAsync("a");
        var b = new ChatTestRows(Db.DataSource, "b");
        await b.SessionAsync("only", Now.AddSeconds(-10));
        await b.KnownAsync();
        await new ChatTestRows(Db.DataSource, "a").KnownAsync();
        await new ChatTestRows(Db.DataSource, "voice-only").KnownAsync();
        var old = new ChatTestRows(Db.DataSource, "old");
        await old.KnownAsync();
        await old.SessionAsync("x", Midnight.AddDays(-3), closedAt: Midnight.AddDays(-3).AddHours(1));

        var all = await Db.ChatCalculator.ComputeAsync(["a", "b"], Now, CancellationToken.None);

        Assert.Equal(["a", "b"], all.Select(m => m.Tenant).ToArray());
        Assert.Equal(2, all[0].Update.Sessions.Waiting);
        Assert.Equal((1, 0L, "only"), (all[1].Update.Sessions.Waiting, all[1].Update.Sessions.ClosedToday, all[1].Update.WaitingSessions[0].SessionId));
        Assert.Empty(all[1].Update.Agents);
        Assert.Equal(["a", "b"], (await Db.ChatCalculator.TenantsWithStateSinceAsync(Midnight, CancellationToken.None)).Order().ToArray());
    }

    private async Task<ChatUpdate> ComputeAsync(string tenant, DateTime? now = null) =>
        (await Db.ChatCalculator.ComputeAsync([tenant], now ?? Now, CancellationToken.None)).Single().Update;
}

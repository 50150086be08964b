using System.Text.Json;
using Dashboard.Simulation;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Catalogue.EventTypes;

namespace Dashboard.Tests.Simulation;

/// <summary>The chat centre model's event stream: session life cycles, the concurrency limit, statuses, CSAT, determinism.</summary>
public sealed class ChatCentreModelTests
{
    internal static readonly DateTimeOffset Start = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    // Overloaded on purpose: 4 agents × 2 slots for about 180/h × ~330 s ≈ 16 sessions of load, so the limit is reached,
    // sessions queue and impatient customers leave (about 700 of the 1,440 sessions of 8 h can be handled).
    internal static readonly ChatProfile Busy = new()
    {
        Channels = [new("web", 120), new("whatsapp", 60)],
        AgentIds = ["a-1", "a-2", "a-3", "a-4"],
        MaxSessionsPerAgent = 2,
        MeanPatienceSeconds = 120,
    };

    internal static List<SimulatedEvent> Run(ChatCentreModel model, TimeSpan length, TimeSpan step, DateTimeOffset? from = null)
    {
        var events = new List<SimulatedEvent>();
        var start = from ?? Start;
        for (var t = start; t <= start + length; t += step)
        {
            var batch = model.Advance(t);
            Assert.All(batch, e => Assert.True(e.Time <= t, "an event from the future"));
            events.AddRange(batch);
        }

        return events;
    }

    [Fact]
    public void Every_session_starts_waiting_and_is_either_assigned_handled_and_closed_or_abandoned_unassigned()
    {
        var events = Run(new ChatCentreModel(Busy, 1, new Random(21), "run1", Start), TimeSpan.FromHours(8), TimeSpan.FromSeconds(7));

        Assert.Equal(events.OrderBy(e => e.Time).Select(e => e.Id), events.Select(e => e.Id));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        int handled = 0, abandoned = 0, resolved = 0;
        foreach (var session in events.GroupBy(e => e.Subject))
        {
            var list = session.ToList();
            var started = Assert.IsType<ChatSessionStartedData>(list[0].Data);
            Assert.Equal(session.Key, started.SessionId);
            Assert.Contains(started.Channel, Busy.Channels.Select(c => c.Key));
            var opening = Assert.IsType<ChatMessageData>(list[1].Data);
            Assert.Equal((session.Key, "customer", list[0].Time), (opening.SessionId, opening.Sender, list[1].Time));
            var assigned = list.Select(e => e.Data).OfType<ChatSessionAssignedData>().ToList();
            var closes = list.Where(e => e.Type == ChatSessionClosed).ToList();
            Assert.True(closes.Count <= 1 && assigned.Count <= 1, session.Key);
            if (closes.Count == 0)
            {
                Assert.True(list[0].Time > Start.AddHours(7), $"{session.Key} still open since {list[0].Time:O}");
                continue;
            }

            var close = Assert.IsType<ChatSessionClosedData>(closes[0].Data);
            if (assigned.Count == 0)
            {
                // Abandoned: closed unassigned and unresolved, with only the customer's opening message and no CSAT.
                Assert.False(close.Resolved);
                Assert.Equal([ChatSessionStarted, ChatMessage, ChatSessionClosed], list.Select(e => e.Type));
                abandoned++;
                continue;
            }

            Assert.Contains(assigned[0].AgentId, Busy.AgentIds);
            var assignedAt = list.First(e => e.Type == ChatSessionAssigned).Time;
            var agentMessages = list.Where(e => e.Data is ChatMessageData { Sender: "agent" }).ToList();
            Assert.NotEmpty(agentMessages);
            Assert.True(agentMessages[0].Time >= assignedAt && closes[0].Time >= agentMessages[^1].Time, session.Key);
            handled++;
            resolved += close.Resolved ? 1 : 0;
        }

        Assert.True(handled > 450, $"{handled} handled");
        Assert.True(abandoned > 300, $"{abandoned} abandoned");
        Assert.InRange((double)resolved / handled, Busy.ResolvedShare - 0.06, Busy.ResolvedShare + 0.06);
    }

    [Fact]
    public void No_agent_holds_more_open_sessions_than_the_concurrency_limit_and_the_limit_is_reached()
    {
        var model = new ChatCentreModel(Busy, 3, new Random(5), "r", Start);
        var events = Run(model, TimeSpan.FromHours(4), TimeSpan.FromSeconds(3));
        var open = new Dictionary<string, int>();
        var agentOf = new Dictionary<string, string>();
        var atLimit = 0;
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case ChatSessionAssignedData a:
                    agentOf[a.SessionId] = a.AgentId;
                    open[a.AgentId] = open.GetValueOrDefault(a.AgentId) + 1;
                    Assert.True(open[a.AgentId] <= Busy.MaxSessionsPerAgent, $"{a.AgentId} holds {open[a.AgentId]} sessions at {e.Time:O}");
                    atLimit += open[a.AgentId] == Busy.MaxSessionsPerAgent ? 1 : 0;
                    break;
                case ChatSessionClosedData c when agentOf.Remove(c.SessionId, out var agent):
                    open[agent]--;
                    break;
            }
        }

        Assert.True(atLimit > 100, $"an agent reached the limit {atLimit} times");
        Assert.Equal(open.Values.Sum(), model.ActiveSessions);
    }

    [Fact]
    public void Only_agent_messages_get_statuses_sent_then_delivered_and_read_or_failed()
    {
        var events = Run(new ChatCentreModel(Busy, 1, new Random(9), "r", Start), TimeSpan.FromHours(6), TimeSpan.FromSeconds(5));
        var senders = new Dictionary<string, string>();
        var statuses = new Dictionary<string, List<string>>();
        foreach (var e in events)
        {
            if (e.Data is ChatMessageData m)
            {
                senders.Add(m.MessageId, m.Sender);
                Assert.Contains(m.Kind, new[] { "text", "image", "file", "audio", "video" });
            }
            else if (e.Data is ChatMessageStatusData s)
            {
                Assert.Equal("agent", senders[s.MessageId]); // the message came first, from an agent
                (statuses.TryGetValue(s.MessageId, out var list) ? list : statuses[s.MessageId] = []).Add(s.Status);
            }
        }

        var agentMessages = senders.Where(s => s.Value == "agent").Select(s => s.Key).ToList();
        Assert.All(agentMessages, id => Assert.Equal("sent", statuses[id][0]));
        var paths = statuses.Values.Select(s => string.Join('>', s)).ToList();
        Assert.All(paths, p => Assert.Contains(p, new[] { "sent", "sent>delivered", "sent>delivered>read", "sent>failed" }));
        var failed = paths.Count(p => p == "sent>failed") / (double)agentMessages.Count;
        Assert.InRange(failed, 0.01, 0.06);
        Assert.True(paths.Count(p => p.EndsWith("read", StringComparison.Ordinal)) > agentMessages.Count * 0.8);
        Assert.True(senders.Count(s => s.Value == "customer") > 1000);
        Assert.Equal(["audio", "file", "image", "text", "video"], events.Select(e => e.Data).OfType<ChatMessageData>().Select(m => m.Kind).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Csat_comes_only_after_the_close_of_a_handled_session_with_its_agent_and_a_score_of_1_to_5()
    {
        var events = Run(new ChatCentreModel(Busy, 1, new Random(13), "r", Start), TimeSpan.FromHours(6), TimeSpan.FromSeconds(5));
        var closedAt = new Dictionary<string, DateTimeOffset>();
        var agentOf = new Dictionary<string, string>();
        var csat = 0;
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case ChatSessionAssignedData a:
                    agentOf[a.SessionId] = a.AgentId;
                    break;
                case ChatSessionClosedData c:
                    closedAt[c.SessionId] = e.Time;
                    break;
                case CsatSubmittedData s:
                    Assert.True(closedAt.TryGetValue(s.SessionId, out var closed) && closed <= e.Time, $"CSAT for {s.SessionId} before its close");
                    Assert.Equal(agentOf[s.SessionId], s.AgentId);
                    Assert.InRange(s.Score, 1, 5);
                    csat++;
                    break;
            }
        }

        var handled = closedAt.Keys.Count(agentOf.ContainsKey);
        Assert.InRange(csat / (double)handled, Busy.CsatShare - 0.06, Busy.CsatShare + 0.06);
    }

    [Fact]
    public void The_same_seed_gives_the_same_events_however_finely_a_manual_clock_advances()
    {
        static string Run(int seed, TimeSpan step) => ModelTrace.Of(Start, step, now => new ChatCentreModel(Busy, 2, new Random(seed), "r", now));

        var fine = Run(11, TimeSpan.FromMilliseconds(250));
        Assert.Equal(fine, Run(11, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(fine, Run(12, TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void Out_of_range_profiles_are_rejected()
    {
        ChatProfile[] bad =
        [
            Busy with { Channels = [] },
            Busy with { Channels = [new("web", 1), new("web", 2)] },
            Busy with { Channels = [new("web", 0)] },
            Busy with { AgentIds = [] },
            Busy with { AgentIds = ["a", "a"] },
            Busy with { MaxSessionsPerAgent = 0 },
            Busy with { MeanReplySeconds = double.NaN },
            Busy with { CsatShare = 1.5 },
        ];

        _ = new ChatCentreModel(Busy, 1, new Random(1), "t", Start);
        Assert.All(bad, profile => Assert.Throws<ArgumentException>(() => new ChatCentreModel(profile, 1, new Random(1), "t", Start)));
        Assert.Throws<ArgumentException>(() => new ChatCentreModel(Busy, 0, new Random(1), "t", Start));
    }
}

using Dashboard.Chat;

namespace Dashboard.Tests.Chat;

/// <summary>
/// The chat fold's merge rules (docs/metrics.md §6) are order-independent: every order of the same events, folded one
/// chunk per event, gives the same rows and the same hourly message counts.
/// </summary>
public sealed class ChatChunkTests
{
    private static readonly DateTime T0 = new(2026, 12, 5, 9, 58, 0, DateTimeKind.Utc);

    private static ChatEvent E(string type, double seconds, string? session = "s-1", string? message = null, string? agent = null,
        string? channel = null, string? kind = null, string? sender = null, string? status = null, bool resolved = false) =>
        new("t", type, T0.AddSeconds(seconds), "src", $"{type}@{seconds}", session, message, agent, channel, kind, sender, status, resolved);

    // A session's whole life: a transfer, an agent reply whose statuses overtake each other, a customer message, a close.
    private static readonly ChatEvent[] Life =
    [
        E("chat.session_started", 0, channel: "web"),
        E("chat.session_assigned", 30, agent: "a-1"),
        E("chat.session_assigned", 90, agent: "a-2"),
        E("chat.message", 45, message: "m-1", kind: "text", sender: "agent"),
        E("chat.message_status", 60, session: null, message: "m-1", status: "delivered"),
        E("chat.message_status", 200, session: null, message: "m-1", status: "read"),
        E("chat.message", 20, message: "m-2", kind: "image", sender: "customer"),
        E("chat.session_closed", 300, resolved: true),
    ];

    [Fact]
    public void Every_order_of_a_sessions_events_gives_the_same_state()
    {
        var expected = FoldOneChunkPerEvent(Life);

        var session = Assert.Single(expected.Sessions);
        Assert.Equal(("web", T0, T0, T0.AddSeconds(30)), (session.Channel, session.StartedAt, session.OpenedAt, session.AssignedAt));
        Assert.Equal(("a-2", T0.AddSeconds(90), T0.AddSeconds(45)), (session.AgentId, session.AgentAssignedAt, session.FirstResponseAt));
        Assert.Equal((T0.AddSeconds(300), true), (session.ClosedAt, session.Resolved));
        var reply = expected.Messages.Single(m => m.MessageId == "m-1");
        Assert.Equal(("s-1", "text", "agent", "read"), (reply.SessionId, reply.Kind, reply.Sender, reply.Status));
        // 09:58 and 10:03 fall in two quarter-hours; the reply sent at 09:58:45 counts in 09:45 as read, the customer's image as sent.
        Assert.Equal(
            ["09:45 agent text read = 1", "09:45 customer image sent = 1"],
            expected.Hourly.Select(h => $"{h.Key.Hour:HH:mm} {h.Key.Sender} {h.Key.Kind} {h.Key.Status} = {h.Value}").Order(StringComparer.Ordinal));

        var orders = 0;
        foreach (var order in Permutations(Life))
        {
            var actual = FoldOneChunkPerEvent(order);
            Assert.Equal(expected.Sessions, actual.Sessions);
            Assert.Equal(expected.Messages, actual.Messages);
            Assert.Equal(expected.Hourly, actual.Hourly);
            orders++;
        }

        Assert.Equal(40320, orders);
    }

    [Fact]
    public void Equal_times_are_settled_by_value_not_by_arrival()
    {
        ChatEvent[] ties =
        [
            E("chat.session_assigned", 10, agent: "a-1"),
            E("chat.session_assigned", 10, agent: "a-2"),
            E("chat.session_closed", 20, resolved: false),
            E("chat.session_closed", 20, resolved: true),
            E("chat.message_status", 30, session: null, message: "m", status: "read"),
            E("chat.message_status", 30, session: null, message: "m", status: "delivered"),
        ];

        var forward = FoldOneChunkPerEvent(ties);
        var backward = FoldOneChunkPerEvent([.. ties.Reverse()]);

        Assert.Equal(forward.Sessions, backward.Sessions);
        Assert.Equal(forward.Messages, backward.Messages);
        Assert.Equal(("a-2", true), (forward.Sessions[0].AgentId, forward.Sessions[0].Resolved));
        Assert.Equal("read", forward.Messages[0].Status);
    }

    [Fact]
    public void A_start_after_the_close_reopens_and_waits_from_the_reopen()
    {
        var state = FoldOneChunkPerEvent(
        [
            E("chat.session_started", 0, channel: "whatsapp"),
            E("chat.session_closed", 60),
            E("chat.session_started", 120, channel: "web"),
        ]).Sessions[0];

        // The channel is the one the customer first arrived on; the wait of a reopened session runs from the reopen.
        Assert.Equal(("whatsapp", T0, T0.AddSeconds(120), T0.AddSeconds(60)), (state.Channel, state.StartedAt, state.OpenedAt, state.ClosedAt));
    }

    [Fact]
    public void A_status_before_its_message_moves_the_message_into_its_bucket_once_it_arrives()
    {
        var status = E("chat.message_status", 50, session: null, message: "m", status: "failed");
        var message = E("chat.message", 40, message: "m", kind: "file", sender: "agent");

        var first = Fold([], [], [status]);
        Assert.Empty(first.Changes.Hourly);
        var second = Fold(first.Sessions, first.Messages, [message]);

        var delta = Assert.Single(second.Changes.Hourly);
        Assert.Equal(("agent", "file", "failed", 1L), (delta.Sender, delta.Kind, delta.Status, delta.Messages));
    }

    private static (List<ChatSessionRow> Sessions, List<ChatMessageRow> Messages, SortedDictionary<(DateTime Hour, string Sender, string Kind, string Status), long> Hourly)
        FoldOneChunkPerEvent(IReadOnlyList<ChatEvent> events)
    {
        List<ChatSessionRow> sessions = [];
        List<ChatMessageRow> messages = [];
        var hourly = new SortedDictionary<(DateTime Hour, string Sender, string Kind, string Status), long>();
        foreach (var e in events)
        {
            var step = Fold(sessions, messages, [e]);
            (sessions, messages) = (step.Sessions, step.Messages);
            foreach (var d in step.Changes.Hourly)
            {
                var key = (d.Hour, d.Sender, d.Kind, d.Status);
                hourly[key] = hourly.GetValueOrDefault(key) + d.Messages;
                if (hourly[key] == 0)
                {
                    hourly.Remove(key);
                }
            }
        }

        return ([.. sessions.OrderBy(s => s.SessionId, StringComparer.Ordinal)], [.. messages.OrderBy(m => m.MessageId, StringComparer.Ordinal)], hourly);
    }

    // One chunk against the stored rows: what the fold's transaction would write back replaces them.
    private static (List<ChatSessionRow> Sessions, List<ChatMessageRow> Messages, ChatChanges Changes) Fold(
        List<ChatSessionRow> sessions, List<ChatMessageRow> messages, ChatEvent[] events)
    {
        var chunk = new ChatChunk(sessions, messages);
        foreach (var e in events)
        {
            chunk.Apply(e);
        }

        var changes = chunk.Complete();
        var newSessions = sessions.Where(s => !changes.Sessions.Any(c => c.SessionId == s.SessionId)).Concat(changes.Sessions).ToList();
        var newMessages = messages.Where(m => !changes.Messages.Any(c => c.MessageId == m.MessageId)).Concat(changes.Messages).ToList();
        return (newSessions, newMessages, changes);
    }

    private static IEnumerable<ChatEvent[]> Permutations(ChatEvent[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}

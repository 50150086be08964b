using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Chat;

/// <summary>
/// The event fold fills the chat tables (migration 0007) from stored events: the same rows whatever order the events
/// were committed in, each CSAT response once, and a stored event that breaks today's rules set aside as a dead letter
/// without stopping the others.
/// </summary>
public sealed class ChatFoldTests : FreshDatabaseTests
{
    private static readonly DateTime T0 = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);

    private static readonly (string Type, double Seconds, object Data)[] Session =
    [
        ("chat.session_started", 0, new { sessionId = "s-1", channel = "web" }),
        ("chat.message", 5, new { sessionId = "s-1", messageId = "m-1", kind = "text", sender = "customer" }),
        ("chat.session_assigned", 40, new { sessionId = "s-1", agentId = "a-1" }),
        ("chat.message", 70, new { sessionId = "s-1", messageId = "m-2", kind = "text", sender = "agent" }),
        ("chat.message_status", 72, new { messageId = "m-2", status = "delivered" }),
        ("chat.message_status", 80, new { messageId = "m-2", status = "read" }),
        ("chat.message", 90, new { sessionId = "s-1", messageId = "m-3", kind = "image", sender = "agent" }),
        ("chat.message_status", 95, new { messageId = "m-3", status = "failed" }),
        ("chat.session_closed", 600, new { sessionId = "s-1", resolved = true }),
        ("csat.submitted", 660, new { score = 4, sessionId = "s-1" }),
    ];

    [Fact]
    public async Task Events_committed_in_any_order_fold_into_the_same_rows()
    {
        var i = 0;
        foreach (var (type, seconds, data) in Session)
        {
            await Db.InsertAsync("forward", type, T0.AddSeconds(seconds), data, $"e-{i++}");
        }

        // Backwards, and folded in three separate chunks, so state crosses chunk boundaries too.
        i = 0;
        foreach (var (type, seconds, data) in Session.Reverse())
        {
            await Db.InsertAsync("backward", type, T0.AddSeconds(seconds), data, $"e-{i++}");
            if (i % 4 == 0)
            {
                await Db.FoldAllAsync();
            }
        }

        await Db.FoldAllAsync();

        foreach (var table in Tables)
        {
            Assert.Equal(await Db.StringsAsync(table, "forward"), await Db.StringsAsync(table, "backward"));
        }

        Assert.Equal(
            ["s-1|web|10:00:00|10:00:00|10:00:40|a-1|10:01:10|10:10:00|true|false"],
            await Db.StringsAsync(Tables[0], "forward"));
        Assert.Equal(
            ["agent|image|failed|1", "agent|text|read|1", "customer|text|sent|1"],
            await Db.StringsAsync(Tables[2], "forward"));
        Assert.Equal(["4|s-1|"], await Db.StringsAsync(Tables[3], "forward"));
    }

    [Fact]
    public async Task A_csat_response_counts_once_and_a_stored_event_breaking_todays_rules_is_set_aside()
    {
        await Db.InsertAsync("t", "csat.submitted", T0, new { score = 5, agentId = "a-9" }, "csat-1");
        await Db.InsertAsync("t", "chat.message", T0, new { sessionId = "s", messageId = "bad", kind = "sticker", sender = "agent" }, "bad-1");
        await Db.InsertAsync("t", "chat.session_started", T0, new { sessionId = "s" }, "ok-1");
        await Db.FoldAllAsync();
        // The same response again (a retried event stored twice would have another id; this one is the same event).
        await Db.InsertAsync("t2", "csat.submitted", T0, new { score = 2 }, "csat-1");
        await Db.FoldAllAsync();

        Assert.Equal(["5||a-9"], await Db.StringsAsync(Tables[3], "t"));
        Assert.Equal(["2||"], await Db.StringsAsync(Tables[3], "t2"));
        Assert.Equal(["s||10:00:00|10:00:00|||||false|true"], await Db.StringsAsync(Tables[0], "t"));
        Assert.Empty(await Db.StringsAsync(Tables[1], "t"));
        Assert.Equal(["bad-1 data.kind must be one of text, image, file, audio, video"],
            await Db.StringsAsync("SELECT event_id || ' ' || error FROM dead_letters WHERE tenant = $1", "t"));
    }

    private static readonly string[] Tables =
    [
        """
        SELECT concat_ws('|', session_id, coalesce(channel, ''), coalesce(to_char(started_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''),
               coalesce(to_char(opened_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''), coalesce(to_char(assigned_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''),
               coalesce(agent_id, ''), coalesce(to_char(first_response_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''),
               coalesce(to_char(closed_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''), resolved::text, is_open::text)
        FROM chat_sessions WHERE tenant = $1 ORDER BY session_id
        """,
        """
        SELECT concat_ws('|', message_id, session_id, kind, sender, sent_at, status, status_at)
        FROM chat_messages WHERE tenant = $1 ORDER BY message_id
        """,
        "SELECT concat_ws('|', sender, kind, status, messages) FROM chat_message_hourly WHERE tenant = $1 AND messages <> 0 ORDER BY 1",
        "SELECT concat_ws('|', score, coalesce(session_id, ''), coalesce(agent_id, '')) FROM chat_csat WHERE tenant = $1 ORDER BY 1",
    ];
}

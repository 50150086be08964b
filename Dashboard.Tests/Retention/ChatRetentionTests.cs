using Dashboard.Retention;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Retention;

/// <summary>
/// The retention job on the chat tables (docs/architecture.md, "Retention"): with the manual clock at 2025-06-01 12:00
/// UTC and Days = 30, sessions closed and not reopened, messages and CSAT responses whose newest time is before
/// 2025-05-02 12:00 go, as do open sessions with no event since then (their close was lost); roll-ups stay for
/// RollupDays. Batches of 3 rows, so every step loops.
/// </summary>
public sealed class ChatRetentionTests : FreshDatabaseTests
{
    private RetentionSweeper Sweeper() =>
        new(Db.DataSource, Microsoft.Extensions.Options.Options.Create(new RetentionOptions { Days = 30, RollupDays = 400 }), Db.Clock) { BatchRows = 3 };

    [Fact]
    public async Task Old_closed_and_lost_sessions_old_messages_and_old_responses_go_and_everything_recent_or_reopened_stays()
    {
        var t = Tenants.New();
        var old = Db.Now.AddDays(-40);
        var recent = Db.Now.AddDays(-1);
        for (var i = 0; i < 4; i++)
        {
            await StartAsync(t, $"closed-{i}", old);
            await Db.InsertAsync(t, "chat.session_closed", old.AddMinutes(5), new { sessionId = $"closed-{i}", resolved = true });
            await Db.InsertAsync(t, "chat.message", old.AddMinutes(1), new { sessionId = $"closed-{i}", messageId = $"m-old-{i}", kind = "text", sender = "agent" });
            await Db.InsertAsync(t, "csat.submitted", old.AddMinutes(6), new { score = 5, sessionId = $"closed-{i}" });
        }

        await StartAsync(t, "lost", old);
        await StartAsync(t, "reopened", old);
        await Db.InsertAsync(t, "chat.session_closed", old.AddMinutes(5), new { sessionId = "reopened" });
        await StartAsync(t, "reopened", recent);
        await StartAsync(t, "waiting", recent);
        // Sent long ago, read yesterday: its newest time is recent.
        await Db.InsertAsync(t, "chat.message", old, new { sessionId = "reopened", messageId = "m-read-late", kind = "text", sender = "agent" });
        await Db.InsertAsync(t, "chat.message_status", recent, new { messageId = "m-read-late", status = "read" });
        await Db.InsertAsync(t, "csat.submitted", recent, new { score = 3 });
        await Db.FoldAllAsync();

        var result = await Sweeper().RunAsync(CancellationToken.None);

        Assert.Equal((5L, 4L, 4L), (result["chat_sessions"], result["chat_messages"], result["chat_csat"]));
        Assert.Equal(["reopened", "waiting"], await Db.StringsAsync("SELECT session_id FROM chat_sessions WHERE tenant = $1 ORDER BY 1", t));
        Assert.Equal(["m-read-late"], await Db.StringsAsync("SELECT message_id FROM chat_messages WHERE tenant = $1", t));
        Assert.Equal(["3"], await Db.StringsAsync("SELECT score::text FROM chat_csat WHERE tenant = $1", t));
        // The hourly message counts are roll-ups, kept for RollupDays: today's figures never depend on raw rows.
        Assert.Equal(["5"], await Db.StringsAsync("SELECT sum(messages)::text FROM chat_message_hourly WHERE tenant = $1", t));
        Assert.Equal(0, (await Sweeper().RunAsync(CancellationToken.None)).DeletedByTable.Where(kv => kv.Key.StartsWith("chat_", StringComparison.Ordinal)).Sum(kv => kv.Value));
    }

    private Task StartAsync(string tenant, string session, DateTime at) =>
        Db.InsertAsync(tenant, "chat.session_started", at, new { sessionId = session, channel = "web" });
}

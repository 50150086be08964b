using Dashboard.Folding;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Folding;

/// <summary>
/// Chat events stored before the chat fold existed (the fold's watermark passed them without applying them) are
/// applied once by the backfill (docs/events.md §3), in bounded chunks, and give the state an in-order fold gives,
/// also when newer events of the same sessions were folded first.
/// </summary>
public sealed class ChatBackfillTests : FreshDatabaseTests
{
    private static readonly DateTime T0 = new(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    private static readonly (string Type, double Seconds, object Data)[] Before =
    [
        ("chat.session_started", 0, new { sessionId = "s-1", channel = "web" }),
        ("call.started", 1, new { callId = "c-1", campaignId = "k" }),
        ("chat.session_assigned", 20, new { sessionId = "s-1", agentId = "a-1" }),
        ("chat.message", 30, new { sessionId = "s-1", messageId = "m-1", kind = "text", sender = "agent" }),
        ("chat.message", 31, new { sessionId = "s-1", messageId = "m-bad", kind = "sticker", sender = "agent" }),
        ("chat.message_status", 35, new { messageId = "m-1", status = "delivered" }),
        ("csat.submitted", 40, new { score = 4, sessionId = "s-1" }),
    ];

    // Stored after the upgrade: the fold applies these at once, before the backfill reaches the older ones.
    private static readonly (string Type, double Seconds, object Data)[] After =
    [
        ("chat.message_status", 50, new { messageId = "m-1", status = "read" }),
        ("chat.session_closed", 60, new { sessionId = "s-1", resolved = true }),
    ];

    [Fact]
    public async Task History_passed_before_the_chat_fold_is_applied_once_as_an_in_order_fold_would()
    {
        // The reference: everything folded in order by today's fold.
        await InsertAsync("reference", [.. Before, .. After]);
        await Db.FoldAllAsync();

        // The upgraded tenant: its history was passed by a fold that knew no chat (the watermark moved, nothing applied);
        // migration 0008 recorded that watermark as the backfill's end.
        await InsertAsync("upgraded", Before);
        await ExecuteAsync("""
            UPDATE fold_watermarks w SET txid = m.txid, seq = m.seq
            FROM (SELECT txid, seq FROM events ORDER BY txid DESC, seq DESC LIMIT 1) m WHERE w.name IN ('campaign_metrics', 'chat_backfill_end')
            """);
        await InsertAsync("upgraded", After);
        await Db.FoldAllAsync();
        Assert.Equal(["s-1||||||10:01:00|true"], await SessionsAsync("upgraded"));

        var backfill = new FoldBackfill(BackfillDomain.Chat, Db.DataSource, new FoldRowReader(Microsoft.Extensions.Options.Options.Create(Db.QueueOptions)), Db.TimeZones, Db.Clock, NullLogger<FoldBackfill>.Instance) { RowsPerRun = 3 };
        // 16 stored events (the reference's 9 come first) in runs of 3: the sixth run reads the last one and ends the range.
        var runs = 0;
        do
        {
            await backfill.RunAsync(CancellationToken.None);
            runs++;
        }
        while (!await DoneAsync() && runs < 20);

        Assert.Equal(6, runs);
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
        foreach (var sql in States)
        {
            Assert.Equal(await Db.StringsAsync(sql, "reference"), await Db.StringsAsync(sql, "upgraded"));
        }

        Assert.Equal(["s-1|web|10:00:00|10:00:20|a-1|10:00:30|10:01:00|true"], await SessionsAsync("upgraded"));
        // The malformed stored message was skipped, not applied; the voice event was left to the voice fold's past.
        Assert.Empty(await Db.StringsAsync("SELECT message_id FROM chat_messages WHERE tenant = $1 AND message_id = 'm-bad'", "upgraded"));
        // The tenant is marked changed, so the next tick publishes what the backfill applied.
        Assert.Equal(["true"], await Db.StringsAsync("SELECT (fold_seq > published_seq)::text FROM fold_tenants WHERE tenant = $1", "upgraded"));
    }

    [Fact]
    public async Task A_fresh_database_has_nothing_to_backfill()
    {
        await Db.InsertAsync("t", "chat.session_started", T0, new { sessionId = "s" });
        await Db.FoldAllAsync();

        Assert.Equal(0, await Db.Backfills.Chat.RunAsync(CancellationToken.None));
        Assert.Equal(["1"], await Db.StringsAsync("SELECT count(*)::text FROM chat_sessions WHERE tenant = $1", "t"));
    }

    private static readonly string[] States =
    [
        "SELECT concat_ws('|', session_id, channel, started_at, assigned_at, agent_id, first_response_at, closed_at, resolved) FROM chat_sessions WHERE tenant = $1 ORDER BY 1",
        "SELECT concat_ws('|', message_id, session_id, kind, sender, sent_at, status, status_at) FROM chat_messages WHERE tenant = $1 ORDER BY 1",
        "SELECT concat_ws('|', hour, sender, kind, status, messages) FROM chat_message_hourly WHERE tenant = $1 AND messages <> 0 ORDER BY 1",
        "SELECT concat_ws('|', score, session_id, agent_id) FROM chat_csat WHERE tenant = $1 ORDER BY 1",
    ];

    private Task<List<string>> SessionsAsync(string tenant) => Db.StringsAsync(
        """
        SELECT concat_ws('|', session_id, coalesce(channel, ''), coalesce(to_char(started_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''),
               coalesce(to_char(assigned_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''), coalesce(agent_id, ''),
               coalesce(to_char(first_response_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''),
               coalesce(to_char(closed_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), ''), resolved::text)
        FROM chat_sessions WHERE tenant = $1 ORDER BY session_id
        """,
        tenant);

    private async Task<bool> DoneAsync()
    {
        await using var cmd = Db.DataSource.CreateCommand(
            "SELECT (SELECT (txid, seq) FROM fold_watermarks WHERE name = 'chat_backfill') >= (SELECT (txid, seq) FROM fold_watermarks WHERE name = 'chat_backfill_end')");
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task InsertAsync(string tenant, (string Type, double Seconds, object Data)[] events)
    {
        foreach (var (type, seconds, data) in events)
        {
            await Db.InsertAsync(tenant, type, T0.AddSeconds(seconds), data, $"{tenant}-{seconds}");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}

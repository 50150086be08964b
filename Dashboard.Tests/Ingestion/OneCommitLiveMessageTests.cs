using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Ingestion;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// docs/architecture.md §3: a call event's live message is sequenced, logged and NOTIFYed by the statement that inserts
/// the event, so the two commit together (one transaction: the same <c>xmin</c>), only for events newly stored, in
/// shared group-commit statements too, and never twice when the statement is retried or fails.
/// </summary>
public sealed class OneCommitLiveMessageTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_posted_call_event_reaches_a_websocket_subscriber_and_its_message_commits_with_its_event()
    {
        var tenant = Tenants.New();
        await using var ws = await LiveLog.SubscribeAsync(server, tenant, "calls");
        using var producer = server.Http(server.Token(tenant, Scopes.Write));

        using var response = await producer.PostAsync(Events.CallStarted("call-1", id: "e-1"));
        await response.AssertAcceptedAsync(1, 0);

        var message = await LiveLog.NextAsync(ws, "call_event");
        Assert.Equal("call-1", message.GetProperty("data").GetProperty("callId").GetString());
        var logged = Assert.Single(await CallEventsAsync(tenant));
        Assert.Equal(message.GetProperty("seq").GetInt64(), logged.Seq);
        var xmin = (await LiveLog.EventXminsAsync(server.ConnectionString, tenant))["e-1"];
        Assert.Equal(xmin, logged.Xmin);

        // Its activity line's message too (a request too small to be coalesced, docs/activity.md).
        var line = Assert.Single(await LiveLog.MessagesAsync(server.ConnectionString, tenant, "activity"), r => !r.IsSnapshot);
        Assert.Equal("e-1", line.Data.GetProperty("eventId").GetString());
        Assert.Equal(xmin, line.Xmin);
    }

    [Fact]
    public async Task A_request_too_large_for_single_activity_messages_gets_its_coalesced_one_after_the_commit()
    {
        var tenant = Tenants.New();
        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        var events = Enumerable.Range(0, 11).Select(i => Events.CallStarted($"call-{i}", id: $"e-{i}")).ToArray();

        using var response = await producer.PostAsync(Events.Array(events), Events.Batch);
        await response.AssertAcceptedAsync(11, 0);

        // Which events were new decides the list, so it is published after the insert, by a commit of its own.
        var xmin = Assert.Single((await LiveLog.EventXminsAsync(server.ConnectionString, tenant)).Values.Distinct());
        Assert.All(await CallEventsAsync(tenant), r => Assert.Equal(xmin, r.Xmin));
        var lists = await Poll.UntilAsync(
            () => LiveLog.MessagesAsync(server.ConnectionString, tenant, "activity"), rows => rows.Any(r => !r.IsSnapshot), Bound, "the coalesced activity message");
        var list = Assert.Single(lists, r => !r.IsSnapshot);
        Assert.Equal(11, list.Data.GetProperty("count").GetInt32());
        Assert.NotEqual(xmin, list.Xmin);
    }

    [Fact]
    public async Task A_duplicate_post_publishes_nothing_new()
    {
        var tenant = Tenants.New();
        await using var ws = await LiveLog.SubscribeAsync(server, tenant, "calls");
        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        var started = Events.CallStarted("call-1", id: "e-1");

        using (var first = await producer.PostAsync(started))
        {
            await first.AssertAcceptedAsync(1, 0);
        }

        Assert.Equal("call-1", (await LiveLog.NextAsync(ws, "call_event")).GetProperty("data").GetProperty("callId").GetString());
        using (var duplicate = await producer.PostAsync(started))
        {
            await duplicate.AssertAcceptedAsync(0, 1);
        }

        using (var next = await producer.PostAsync(Events.CallEnded("call-2", id: "e-2")))
        {
            await next.AssertAcceptedAsync(1, 0);
        }

        // The next call_event is the new event's: the duplicate put nothing between them, on the socket or in the log.
        Assert.Equal("call-2", (await LiveLog.NextAsync(ws, "call_event")).GetProperty("data").GetProperty("callId").GetString());
        Assert.Equal(["call-1", "call-2"], (await CallEventsAsync(tenant)).Select(r => r.Data.GetProperty("callId").GetString()));
    }

    [Fact]
    public async Task A_statement_PostgreSQL_refuses_leaves_neither_events_nor_messages()
    {
        var tenant = Tenants.New();
        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        var refused = Events.CallStarted("call-2");
        refused["data"]!["note"] = "nul \u0000 here";

        await (await producer.PostAsync(Events.Array(Events.CallStarted("call-1"), refused), Events.Batch)).AssertProblemAsync(400);

        // And in one shared statement of two tenants, built here as a writer builds it: the refused value fails it all.
        var other = Tenants.New();
        var good = Insert(other, [CallEvent("g-1")]);
        var bad = Insert(tenant, [CallEvent("b-1"), CallEvent("b-2", note: "nul \u0000 here")]);
        await Assert.ThrowsAsync<EventsRejectedByStorageException>(() => Store().InsertStoredAsync([good, bad], CancellationToken.None));

        foreach (var t in new[] { tenant, other })
        {
            Assert.Equal(0, await Events.CountAsync(server.ConnectionString, t));
            Assert.Empty(await LiveLog.MessagesAsync(server.ConnectionString, t, "calls"));
            Assert.Equal(0, await LiveLog.HeadAsync(server.ConnectionString, t, "calls"));
        }
    }

    [Fact]
    public async Task Requests_of_several_tenants_in_one_statement_each_get_their_messages_in_order_and_duplicates_none()
    {
        var (t1, t2) = (Tenants.New(), Tenants.New());
        var hub = server.Services.GetRequiredService<Dashboard.Realtime.RealtimeHub>();
        var (on1, on2) = (new RecordingSubscriber().Subscribe(hub, t1, "calls"), new RecordingSubscriber().Subscribe(hub, t2, "calls"));

        var stored = await Store().InsertStoredAsync(
            [
                Insert(t1, [CallEvent("a"), CallEvent("b")]),
                Insert(t2, [CallEvent("a")]),
                Insert(t1, [CallEvent("a"), CallEvent("c"), new CloudEvent("chat", "/test/one-commit", "chat.message", null, DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(new { conversationId = "x" }))]),
            ],
            CancellationToken.None);

        Assert.Equal<long[]>([1, 2], stored[0].LiveSeqs);
        Assert.Equal<long[]>([1], stored[1].LiveSeqs);
        Assert.Equal<bool[]>([false, true, true], stored[2].IsNew);
        Assert.Equal<long[]>([0, 3], stored[2].LiveSeqs);

        var x1 = await LiveLog.EventXminsAsync(server.ConnectionString, t1);
        var x2 = await LiveLog.EventXminsAsync(server.ConnectionString, t2);
        var xmin = Assert.Single(x1.Values.Concat(x2.Values).Distinct());
        Assert.Equal(["a", "b", "c"], (await CallEventsAsync(t1)).Select(r => r.Data.GetProperty("callId").GetString()));
        Assert.All((await CallEventsAsync(t1)).Concat(await CallEventsAsync(t2)), r => Assert.Equal(xmin, r.Xmin));

        await Poll.UntilAsync(() => on1.Messages.Count(m => m.Type == "call_event") == 3 && on2.Messages.Any(m => m.Type == "call_event"), Bound, "both tenants' subscribers got their messages");
        Assert.Equal([1L, 2, 3], on1.Messages.Where(m => m.Type == "call_event").Select(m => m.Seq));
    }

    [Fact]
    public async Task Requests_of_several_tenants_queued_behind_busy_writers_share_one_commit_and_each_gets_its_messages()
    {
        var filler = Tenants.New();
        var tenants = new[] { Tenants.New(), Tenants.New(), Tenants.New() };
        var sockets = new List<ProtocolClient>();
        foreach (var t in tenants)
        {
            sockets.Add(await LiveLog.SubscribeAsync(server, t, "calls"));
        }

        var clients = tenants.Select(t => server.Http(server.Token(t, Scopes.Write))).Append(server.Http(server.Token(filler, Scopes.Write))).ToList();
        try
        {
            var fillers = new List<Task<HttpResponseMessage>>();
            List<Task<HttpResponseMessage>> posts;
            await using (var blocker = await LockEventsAsync())
            {
                // Every writer busy with a filler statement of its own (one at a time, so no writer takes two), so the
                // tenants' requests wait in the queue and the next writer takes them all into one statement.
                for (var i = 1; i <= EventCommitQueue.MaxWriters; i++)
                {
                    fillers.Add(clients[^1].PostAsync(Events.CallStarted($"f-{i}")));
                    await WaitForBlockedInsertsAsync(i);
                }

                posts = [.. tenants.Select((t, i) => clients[i].PostAsync(Events.CallStarted("call-" + t, id: "e-" + t)))];
                await WaitForQueuedAsync(tenants.Length);
            }

            foreach (var response in (await Task.WhenAll(fillers).WaitAsync(Bound)).Concat(await Task.WhenAll(posts).WaitAsync(Bound)))
            {
                await response.AssertAcceptedAsync(1, 0);
            }

            var xmins = new List<string>();
            for (var i = 0; i < tenants.Length; i++)
            {
                Assert.Equal("call-" + tenants[i], (await LiveLog.NextAsync(sockets[i], "call_event")).GetProperty("data").GetProperty("callId").GetString());
                var xmin = (await LiveLog.EventXminsAsync(server.ConnectionString, tenants[i]))["e-" + tenants[i]];
                Assert.Equal(xmin, Assert.Single(await CallEventsAsync(tenants[i])).Xmin);
                xmins.Add(xmin);
            }

            Assert.Single(xmins.Distinct());
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }

            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_statement_retried_after_a_deadlock_publishes_each_message_once()
    {
        var tenant = Tenants.New();
        await using var ws = await LiveLog.SubscribeAsync(server, tenant, "calls");
        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        var deadlocksBefore = await DeadlocksAsync();

        // A transaction that holds k-2 and then wants k-1, which the ingestion statement holds while it waits for k-2:
        // PostgreSQL aborts the statement (this session waits far longer before it checks), and EventStore retries it.
        await using var other = new NpgsqlConnection(server.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        await ExecuteAsync(other, "SET LOCAL deadlock_timeout = '60s'");
        await InsertRawAsync(other, tenant, "k-2");
        var post = producer.PostAsync(Events.Array(Events.CallStarted("call-1", id: "k-1"), Events.CallStarted("call-2", id: "k-2")), Events.Batch);
        await WaitForBlockedInsertsAsync(1);
        await InsertRawAsync(other, tenant, "k-1").WaitAsync(Bound);
        await tx.RollbackAsync();

        using var response = await post.WaitAsync(Bound);
        await response.AssertAcceptedAsync(2, 0);
        Assert.Equal(deadlocksBefore + 1, await DeadlocksAsync());
        Assert.Equal("call-1", (await LiveLog.NextAsync(ws, "call_event")).GetProperty("data").GetProperty("callId").GetString());
        Assert.Equal("call-2", (await LiveLog.NextAsync(ws, "call_event")).GetProperty("data").GetProperty("callId").GetString());
        Assert.Equal(["call-1", "call-2"], (await CallEventsAsync(tenant)).Select(r => r.Data.GetProperty("callId").GetString()));
    }

    private EventStore Store() => server.Services.GetRequiredService<EventStore>();

    private EventInsert Insert(string tenant, CloudEvent[] events) =>
        new(tenant, events, Live: server.Services.GetRequiredService<LiveEventPublisher>().Prepare(tenant, events));

    private static CloudEvent CallEvent(string callId, string? note = null) => new(
        callId, "/test/one-commit", "call.started", null, DateTimeOffset.UtcNow,
        JsonSerializer.SerializeToElement(note is null ? new { callId } : (object)new { callId, note }));

    private async Task<List<LiveLog.Row>> CallEventsAsync(string tenant) =>
        [.. (await LiveLog.MessagesAsync(server.ConnectionString, tenant, "calls")).Where(r => r.Type == "call_event")];

    private async Task<long> DeadlocksAsync()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        // The statistics snapshot of a transaction is cached: a fresh connection reads the current count.
        await using var cmd = new NpgsqlCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static Task InsertRawAsync(NpgsqlConnection connection, string tenant, string id) =>
        ExecuteAsync(connection, $"INSERT INTO events (tenant, source, event_id, type, time, data) VALUES ('{tenant}', '/dialer/test', '{id}', 'call.started', now(), '{{}}')");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private Task<NpgsqlConnection> LockEventsAsync() => EventsTableLock.TakeAsync(server.ConnectionString);

    private Task WaitForBlockedInsertsAsync(int count) => EventsTableLock.WaitForBlockedInsertsAsync(server.ConnectionString, count, Bound);

    // The requests are in the commit queue, behind the busy writers.
    private Task WaitForQueuedAsync(int count) => Poll.UntilAsync(
        () => Task.FromResult(server.Services.GetRequiredService<EventCommitQueue>().Queued >= count), Bound, $"{count} requests queued for a commit");
}

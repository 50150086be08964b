using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Ingestion;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// Group commit (<see cref="EventCommitQueue"/>): requests queued while a commit is in flight share the next statement,
/// and each request is still answered as if it had committed alone. A session holding <c>LOCK TABLE events</c> keeps the
/// in-flight statements waiting, so the test decides what queues behind them instead of hoping for a race.
/// </summary>
public sealed class GroupCommitTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Requests_queued_behind_a_commit_share_the_next_one_and_each_gets_its_own_answer()
    {
        var tenant = Tenants.New();
        using var http = server.Http();
        var before = await ScrapeAsync(http);
        const int Requests = 40;

        Task<bool[]>[] answers;
        await using (var blocker = await LockEventsAsync())
        {
            answers = [.. Enumerable.Range(0, Requests).Select(i => Queue().InsertAsync(tenant, [Event($"e{i}")], CancellationToken.None))];
            await WaitForBlockedInsertAsync();
        }

        var stored = await Task.WhenAll(answers).WaitAsync(Bound);

        Assert.All(stored, s => Assert.Equal<bool[]>([true], s));
        Assert.Equal(Requests, await Events.CountAsync(server.ConnectionString, tenant));
        var after = await ScrapeAsync(http);
        double Delta(string name) => Value(after, name) - Value(before, name);
        Assert.Equal(Requests, Delta("dashboard_ingest_commit_requests_sum"));

        // At most one statement per writer was in flight when the lock went; the other requests waited and then shared.
        Assert.InRange(Delta("dashboard_ingest_commit_requests_count"), 1, 2 * EventCommitQueue.MaxWriters);
    }

    [Fact]
    public async Task A_key_repeated_by_a_later_request_of_the_same_statement_is_its_duplicate_and_the_first_copy_is_stored()
    {
        // One statement carrying three requests, as a writer builds it from the queue (which writer takes which request
        // is the queue's choice, so the statement is built here to decide it).
        var tenant = Tenants.New();
        var store = server.Services.GetRequiredService<EventStore>();

        var stored = await store.InsertAsync(
            [
                new EventInsert(tenant, [Event("k", note: "first")]),
                new EventInsert(tenant, [Event("other"), Event("k2")]),
                new EventInsert(tenant, [Event("k2", note: "second"), Event("k", note: "second"), Event("new")]),
            ],
            CancellationToken.None);

        Assert.Equal<bool[]>([true], stored[0]);
        Assert.Equal<bool[]>([true, true], stored[1]);
        Assert.Equal<bool[]>([false, false, true], stored[2]);
        var rows = await Events.RowsAsync(server.ConnectionString, tenant);
        Assert.Equal(["k", "other", "k2", "new"], rows.Select(r => r.Id));
        Assert.Equal("first", rows[0].Data.GetProperty("note").GetString());
        Assert.False(rows[2].Data.TryGetProperty("note", out _));
    }

    [Fact]
    public async Task A_key_sent_by_requests_queued_together_is_stored_once_and_only_the_stored_copy_is_answered_new()
    {
        var tenant = Tenants.New();
        Task<bool[]> first, other, repeat;
        await using (var blocker = await LockEventsAsync())
        {
            var queue = Queue();
            first = queue.InsertAsync(tenant, [Event("k", note: "first")], CancellationToken.None);
            other = queue.InsertAsync(tenant, [Event("other"), Event("k2", note: "other")], CancellationToken.None);
            repeat = queue.InsertAsync(tenant, [Event("k2", note: "repeat"), Event("k", note: "repeat"), Event("new")], CancellationToken.None);
            await WaitForBlockedInsertAsync();
        }

        // Writers run side by side, so which copy of a key wins depends on which statement commits first; what never
        // varies is one stored copy per key and a "new" answer for exactly the request whose copy it is.
        var (a, b, c) = (await first.WaitAsync(Bound), await other.WaitAsync(Bound), await repeat.WaitAsync(Bound));
        Assert.True(b[0]);
        Assert.True(c[2]);
        var rows = (await Events.RowsAsync(server.ConnectionString, tenant)).ToDictionary(r => r.Id);
        Assert.Equal(["k", "k2", "new", "other"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(a[0] ? "first" : "repeat", rows["k"].Data.GetProperty("note").GetString());
        Assert.NotEqual(a[0], c[1]);
        Assert.Equal(b[1] ? "other" : "repeat", rows["k2"].Data.GetProperty("note").GetString());
        Assert.NotEqual(b[1], c[0]);
    }

    [Fact]
    public async Task A_value_PostgreSQL_refuses_fails_only_the_request_that_carried_it()
    {
        var tenant = Tenants.New();
        Task<bool[]> good, bad, alsoGood;
        await using (var blocker = await LockEventsAsync())
        {
            var queue = Queue();
            good = queue.InsertAsync(tenant, [Event("good")], CancellationToken.None);

            // jsonb has no place for U+0000: PostgreSQL refuses it with SQLSTATE 22P05 when the text is cast.
            bad = queue.InsertAsync(tenant, [Event("bad-1"), Event("bad-2", note: "nul \u0000 here")], CancellationToken.None);
            alsoGood = queue.InsertAsync(tenant, [Event("also-good")], CancellationToken.None);
            await WaitForBlockedInsertAsync();
        }

        Assert.Equal<bool[]>([true], await good.WaitAsync(Bound));
        Assert.Equal<bool[]>([true], await alsoGood.WaitAsync(Bound));
        await Assert.ThrowsAsync<EventsRejectedByStorageException>(() => bad.WaitAsync(Bound));
        Assert.Equal(["good", "also-good"], (await Events.RowsAsync(server.ConnectionString, tenant)).Select(r => r.Id));
    }

    [Fact]
    public async Task Over_HTTP_a_refused_value_is_400_problem_and_nothing_of_the_request_is_stored()
    {
        var tenant = Tenants.New();
        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        var refused = Events.CallStarted("c-1");
        refused["data"]!["note"] = "nul \u0000 here";

        var problem = await (await producer.PostAsync(Events.Array(Events.CallStarted("c-2"), refused), Events.Batch)).AssertProblemAsync(400);

        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void An_invalid_group_commit_limit_fails_validation_naming_the_key(int maxEvents)
    {
        var result = new IngestionOptionsValidator().Validate(null, new IngestionOptions { GroupCommitMaxEvents = maxEvents });

        Assert.True(result.Failed);
        Assert.Contains("Ingestion:GroupCommitMaxEvents", result.FailureMessage, StringComparison.Ordinal);
    }

    private EventCommitQueue Queue() => server.Services.GetRequiredService<EventCommitQueue>();

    private static CloudEvent Event(string id, string? note = null) => new(
        id, "/test/group-commit", "chat.message", null, DateTimeOffset.UtcNow,
        JsonSerializer.SerializeToElement(note is null ? new { conversationId = "c" } : (object)new { conversationId = "c", note }));

    private Task<NpgsqlConnection> LockEventsAsync() => EventsTableLock.TakeAsync(server.ConnectionString);

    private Task WaitForBlockedInsertAsync() => EventsTableLock.WaitForBlockedInsertsAsync(server.ConnectionString, 1, Bound);
}

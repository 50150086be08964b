using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Npgsql;

namespace Dashboard.Tests.DeadLetters;

/// <summary>
/// Poison isolation in the fold and the tick (docs/dead-letters.md): events stored before the ingestion bounds existed
/// (inserted here straight into <c>events</c>) that PostgreSQL refuses never stop any other event, of their tenant or of
/// another, and are retried with back-off, then quarantined.
/// </summary>
public sealed class PoisonEventTests : FreshDatabaseTests
{
    [Fact]
    public async Task A_call_id_over_the_btree_limit_is_set_aside_and_every_other_event_folds()
    {
        var t = Db.Now.AddMinutes(-2);
        await Db.InsertAsync("victim", "call.started", t, new { callId = "v-1", direction = "outbound", campaignId = "spring" });
        await Db.InsertAsync("poisoned", "call.started", t, new { callId = "p-1", direction = "outbound", campaignId = "summer" });
        await Db.InsertAsync("poisoned", "call.started", t, new { callId = HostileEvents.Incompressible(3000), direction = "outbound", campaignId = "summer" }, "poison-1");
        await Db.InsertAsync("poisoned", "call.started", t, new { callId = "p-2", direction = "outbound", campaignId = "summer" });
        await Db.InsertAsync("victim", "call.started", t, new { callId = "v-2", direction = "outbound", campaignId = "spring" });

        Assert.Equal(5, await Db.FoldAllAsync());

        Assert.Equal(2L, (await Db.ComputeAsync("victim")).Overview.TotalAttempts);
        Assert.Equal(2L, (await Db.ComputeAsync("poisoned")).Overview.TotalAttempts);
        var letter = Assert.Single(await DeadLettersAsync());
        Assert.Equal(("poisoned", "poison-1", "retrying", 1), (letter.Tenant, letter.EventId, letter.State, letter.Attempts));
        Assert.StartsWith("54000", letter.Error, StringComparison.Ordinal);

        // The watermark moved past it: the next firing has nothing to read, and fails nothing.
        Assert.Equal(0, (await Db.Folder.FoldAsync(CancellationToken.None)).EventsRead);
    }

    [Fact]
    public async Task A_dead_letter_is_retried_with_doubling_back_off_then_quarantined()
    {
        Db.DeadLetterOptions.MaxAttempts = 3;
        Db.DeadLetterOptions.RetryDelaySeconds = 2;
        await Db.InsertAsync("poisoned", "call.started", Db.Now, new { callId = HostileEvents.Incompressible(3000), direction = "inbound" });
        await Db.FoldAllAsync();

        Assert.Equal((0, 0), await Db.DeadLetters.RetryDueAsync(CancellationToken.None));
        Db.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal((1, 0), await Db.DeadLetters.RetryDueAsync(CancellationToken.None));
        var second = Assert.Single(await DeadLettersAsync());
        Assert.Equal(("retrying", 2), (second.State, second.Attempts));
        Assert.Equal(Db.Now.AddSeconds(4), second.NextAttemptAt!.Value, TimeSpan.FromMilliseconds(1));

        Db.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal((0, 0), await Db.DeadLetters.RetryDueAsync(CancellationToken.None));
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), await Db.DeadLetters.RetryDueAsync(CancellationToken.None));
        var third = Assert.Single(await DeadLettersAsync());
        Assert.Equal(("quarantined", 3, (DateTime?)null), (third.State, third.Attempts, third.NextAttemptAt));

        Db.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal((0, 0), await Db.DeadLetters.RetryDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_dead_letter_whose_cause_is_gone_applies_on_its_next_retry_exactly_once()
    {
        // A refusal that an operator can lift: a constraint on the state table, dropped after the event was set aside.
        await using (var cmd = Db.DataSource.CreateCommand("ALTER TABLE calls ADD CONSTRAINT no_blocked CHECK (call_id <> 'blocked')"))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        await Db.InsertAsync("t", "call.started", Db.Now.AddSeconds(-30), new { callId = "blocked", direction = "outbound", campaignId = "c" });
        await Db.InsertAsync("t", "call.started", Db.Now.AddSeconds(-30), new { callId = "fine", direction = "outbound", campaignId = "c" });
        await Db.FoldAllAsync();
        Assert.Equal(1L, (await Db.ComputeAsync("t")).Overview.TotalAttempts);
        Assert.StartsWith("23514", Assert.Single(await DeadLettersAsync()).Error, StringComparison.Ordinal);

        await using (var cmd = Db.DataSource.CreateCommand("ALTER TABLE calls DROP CONSTRAINT no_blocked"))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        Db.Clock.Advance(TimeSpan.FromSeconds(Db.DeadLetterOptions.RetryDelaySeconds));
        Assert.Equal((1, 1), await Db.DeadLetters.RetryDueAsync(CancellationToken.None));
        Assert.Empty(await DeadLettersAsync());
        Assert.Equal(2L, (await Db.ComputeAsync("t")).Overview.TotalAttempts);
        Assert.Equal((0, 0), await Db.DeadLetters.RetryDueAsync(CancellationToken.None));
        Assert.Equal(2L, (await Db.ComputeAsync("t")).Overview.TotalAttempts);
    }

    [Fact]
    public async Task A_deployment_failure_sets_nothing_aside_and_the_chunk_folds_once_it_is_fixed()
    {
        // 42P01 (undefined table) is not the data's fault: the firing fails, the watermark stays, nothing is dead-lettered.
        for (var i = 0; i < 3; i++)
        {
            await Db.InsertAsync("t", "call.started", Db.Now.AddSeconds(-5), new { callId = $"c-{i}", direction = "outbound", campaignId = "c" });
        }

        await Execute("ALTER TABLE calls RENAME TO calls_away");
        await Db.WaitUntilFoldableAsync();
        await Assert.ThrowsAnyAsync<PostgresException>(() => Db.Folder.FoldAsync(CancellationToken.None));
        Assert.Empty(await DeadLettersAsync());
        Assert.Equal(3, await Db.UnfoldedAsync());

        await Execute("ALTER TABLE calls_away RENAME TO calls");
        Assert.Equal(3, await Db.FoldAllAsync());
        Assert.Equal(3L, (await Db.ComputeAsync("t")).Overview.TotalAttempts);
    }

    [Fact]
    public async Task A_chunk_whose_every_event_fails_alone_trips_the_breaker_instead_of_dead_lettering_it()
    {
        // A constraint added by hand that every row breaks looks like poison (23514) event by event; ten or more events
        // all failing is the deployment, so nothing is set aside.
        await Execute("ALTER TABLE calls ADD CONSTRAINT nothing_passes CHECK (call_id = 'never')");
        for (var i = 0; i < 12; i++)
        {
            await Db.InsertAsync(i % 2 == 0 ? "a" : "b", "call.started", Db.Now.AddSeconds(-5), new { callId = $"c-{i}", direction = "outbound" });
        }

        await Db.WaitUntilFoldableAsync();
        await Assert.ThrowsAsync<Dashboard.Folding.DeadLetters.PoisonIsolationAbortedException>(() => Db.Folder.FoldAsync(CancellationToken.None));
        Assert.Empty(await DeadLettersAsync());
        Assert.Equal(12, await Db.UnfoldedAsync());

        await Execute("ALTER TABLE calls DROP CONSTRAINT nothing_passes");
        Assert.Equal(12, await Db.FoldAllAsync());
        Assert.Empty(await DeadLettersAsync());
    }

    private async Task Execute(string sql)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_tick_keeps_publishing_other_tenants_while_one_holds_a_poison_event()
    {
        var t = Db.Now.AddSeconds(-10);
        await Db.InsertAsync("poisoned", "call.started", t, new { callId = HostileEvents.Incompressible(3000), direction = "outbound", campaignId = "x" });
        await Db.InsertAsync("victim", "call.started", t, new { callId = "v-1", direction = "outbound", campaignId = "spring" });
        await Db.WaitUntilFoldableAsync();

        var run = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(2, run.EventsFolded);
        Assert.NotNull(Db.Hub.Latest("victim", Topics.Metrics));

        await Db.InsertAsync("victim", "call.started", Db.Now, new { callId = "v-2", direction = "outbound", campaignId = "spring" });
        await Db.WaitUntilFoldableAsync();
        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Contains("\"totalAttempts\":2", System.Text.Encoding.UTF8.GetString(Db.Hub.Latest("victim", Topics.Metrics)!.Json.Span), StringComparison.Ordinal);
    }

    private async Task<List<(string Tenant, string EventId, string State, int Attempts, string Error, DateTime? NextAttemptAt)>> DeadLettersAsync()
    {
        await using var cmd = Db.DataSource.CreateCommand("SELECT tenant, event_id, state, attempts, error, next_attempt_at FROM dead_letters ORDER BY id");
        await using var reader = await cmd.ExecuteReaderAsync();
        var result = new List<(string, string, string, int, string, DateTime?)>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc)));
        }

        return result;
    }
}

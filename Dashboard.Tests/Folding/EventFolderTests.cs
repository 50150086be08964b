using Dashboard.Tests.Infrastructure;


namespace Dashboard.Tests.Folding;

public sealed class EventFolderTests : FreshDatabaseTests
{
    [Fact]
    public async Task Call_ended_before_call_started_across_two_folds_counts_as_in_order()
    {
        var t = Db.Now.AddMinutes(-5);
        foreach (var (callId, outcome) in new[] { ("a", "converted"), ("b", "busy") })
        {
            await Db.InsertAsync("ordered", "call.started", t, new { callId, campaignId = "c-1" });
            if (outcome == "converted")
            {
                await Db.InsertAsync("ordered", "call.answered", t.AddSeconds(3), new { callId });
            }

            await Db.InsertAsync("ordered", "call.ended", t.AddSeconds(40), new { callId, outcome });
        }

        await Db.FoldAllAsync();

        // The same calls, reversed: the end (and answer) first, in one fold; the start in the next.
        await Db.InsertAsync("reversed", "call.ended", t.AddSeconds(40), new { callId = "a", outcome = "converted" });
        await Db.InsertAsync("reversed", "call.ended", t.AddSeconds(40), new { callId = "b", outcome = "busy" });
        await Db.InsertAsync("reversed", "call.answered", t.AddSeconds(3), new { callId = "a" });
        await Db.FoldAllAsync();

        var midway = (await Db.ComputeAsync("reversed")).Overview;
        Assert.Equal((0, 0, 0L), (midway.CampaignCount, midway.ActiveCalls, midway.Busy));

        await Db.InsertAsync("reversed", "call.started", t, new { callId = "b", campaignId = "c-1" });
        await Db.InsertAsync("reversed", "call.started", t, new { callId = "a", campaignId = "c-1" });
        await Db.FoldAllAsync();

        var ordered = (await Db.ComputeAsync("ordered")).Campaigns.Campaigns.Single();
        var reversed = (await Db.ComputeAsync("reversed")).Campaigns.Campaigns.Single();
        Assert.Equal(ordered, reversed);
        Assert.Equal((2L, 1L, 1L, 1L, 0), (reversed.TotalAttempts, reversed.Answered, reversed.Busy, reversed.Converted, reversed.ActiveCalls));
    }

    [Fact]
    public async Task Refolding_and_resent_events_never_double_count()
    {
        var t = Db.Now.AddMinutes(-1);
        await Db.InsertAsync("dup", "call.started", t, new { callId = "x", campaignId = "c-1" });
        await Db.InsertAsync("dup", "call.answered", t.AddSeconds(2), new { callId = "x" });
        await Db.InsertAsync("dup", "call.ended", t.AddSeconds(9), new { callId = "x", outcome = "opted_out" });
        Assert.Equal(3, await Db.FoldAllAsync());

        // The job runs again with nothing new: the watermark makes it a no-op.
        Assert.Equal(0, (await Db.Folder.FoldAsync(CancellationToken.None)).EventsRead);

        // A producer resends the same call's events under new ids: the call's state absorbs them.
        await Db.InsertAsync("dup", "call.started", t, new { callId = "x", campaignId = "c-1" });
        await Db.InsertAsync("dup", "call.answered", t.AddSeconds(3), new { callId = "x" });
        await Db.InsertAsync("dup", "call.ended", t.AddSeconds(9), new { callId = "x", outcome = "busy" });
        await Db.FoldAllAsync();

        var c = (await Db.ComputeAsync("dup")).Campaigns.Campaigns.Single();
        Assert.Equal((1L, 1L, 1L, 0L), (c.TotalAttempts, c.Answered, c.OptOuts, c.Busy));
        Assert.Equal(1L, c.OutcomeCounts.OptedOut);
    }

    [Fact]
    public async Task An_event_committed_late_by_a_slower_transaction_is_folded_exactly_once()
    {
        var t = Db.Now.AddSeconds(-10);
        await using var slow = await Db.DataSource.OpenConnectionAsync();
        await using var t1 = await slow.BeginTransactionAsync();
        await Db.InsertAsync("late", "call.started", t, new { callId = "early-txn", campaignId = "c-1" }, slow, t1);

        // T2 starts after T1 and commits first, so its event has the larger txid.
        await Db.InsertAsync("late", "call.started", t, new { callId = "late-txn", campaignId = "c-1" });
        await Db.Folder.FoldAsync(CancellationToken.None);
        Assert.Equal(0, await AttemptsAsync());

        await t1.CommitAsync();
        await Db.FoldAllAsync();
        Assert.Equal(2, await AttemptsAsync());

        await Db.Folder.FoldAsync(CancellationToken.None);
        Assert.Equal(2, await AttemptsAsync());
    }

    private async Task<long> AttemptsAsync()
    {
        await using var cmd = Db.DataSource.CreateCommand("SELECT COALESCE(sum(total_attempts), 0)::bigint FROM campaigns WHERE tenant = 'late'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

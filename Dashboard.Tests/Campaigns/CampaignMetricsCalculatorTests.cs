using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using System.Text.Json;

namespace Dashboard.Tests.Campaigns;

public sealed class CampaignMetricsCalculatorTests : FreshDatabaseTests
{
    [Fact]
    public async Task Hand_computed_campaign_fixture_gives_counts_and_ratios()
    {
        var t0 = Db.Now.AddMinutes(-10);
        string[] outcomes = ["converted", "converted", "completed", "completed", "completed", "", "busy", "busy", "failed", "no_answer"];
        for (var i = 0; i < 10; i++)
        {
            await Db.InsertAsync("acme", "call.started", t0.AddSeconds(i), new { callId = $"k{i}", direction = "outbound", campaignId = "c-1" });
            if (i < 6)
            {
                await Db.InsertAsync("acme", "call.answered", t0.AddSeconds(i + 5), new { callId = $"k{i}", agentId = "a-1" });
            }

            // k5 is answered and still talking: the one active call.
            if (outcomes[i].Length > 0)
            {
                await Db.InsertAsync("acme", "call.ended", t0.AddSeconds(i + 60), new { callId = $"k{i}", outcome = outcomes[i], durationSeconds = 55 });
            }
        }

        await Db.InsertAsync("acme", "campaign.updated", t0, new { campaignId = "c-1", name = "Spring", status = "active", queueDepth = 42 });
        await Db.InsertAsync("acme", "campaign.updated", t0, new { campaignId = "c-2", name = "Idle", status = "paused", queueDepth = 8 });
        // An inbound call has no campaign: listed as active, but no campaign's attempt.
        await Db.InsertAsync("acme", "call.started", t0, new { callId = "in-1", direction = "inbound" });
        await Db.FoldAllAsync();

        var m = await Db.ComputeAsync("acme");
        var c1 = m.Campaigns.Campaigns.Single(c => c.CampaignId == "c-1");
        Assert.Equal(("Spring", "active", 42), (c1.Name, c1.Status, c1.QueueDepth));
        Assert.Equal(10, c1.TotalAttempts);
        Assert.Equal(6, c1.Answered);
        Assert.Equal((2, 1, 1, 2, 0), (c1.Busy, c1.Failed, c1.NoAnswer, c1.Converted, c1.OptOuts));
        Assert.Equal(3, c1.OutcomeCounts.Completed);
        Assert.Equal(1, c1.ActiveCalls);
        Assert.Equal(0.6, c1.AnswerRate!.Value, 12);
        Assert.Equal(1.0 / 3, c1.ConversionRate!.Value, 12);

        var c2 = m.Campaigns.Campaigns.Single(c => c.CampaignId == "c-2");
        Assert.Equal(0, c2.TotalAttempts);
        Assert.Null(c2.AnswerRate);
        Assert.Null(c2.ConversionRate);

        Assert.Equal(2, m.Overview.CampaignCount);
        Assert.Equal(50, m.Overview.QueueDepth);
        Assert.Equal(10, m.Overview.TotalAttempts);
        Assert.Equal(1, m.Overview.ActiveCalls);
        Assert.Equal(0.6, m.Overview.AnswerRate!.Value, 12);
        Assert.Equal(2, m.ActiveCalls.ActiveCalls);
        Assert.Equal(["in-1", "k5"], m.ActiveCalls.Calls.Select(c => c.CallId).ToArray());
        Assert.Equal(600, m.ActiveCalls.Calls[0].DurationSeconds, 3);
    }

    [Fact]
    public async Task Zero_denominators_serialise_as_null_not_NaN()
    {
        await Db.InsertAsync("zero", "campaign.updated", Db.Now, new { campaignId = "c-0", name = "Empty", queueDepth = 3 });
        await Db.FoldAllAsync();

        var m = await Db.ComputeAsync("zero");
        var json = JsonSerializer.Serialize(m.Overview, JsonDefaults.Options);

        Assert.Contains("\"answerRate\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"conversionRate\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"no_answer\":0", json, StringComparison.Ordinal);
        Assert.EndsWith("Z\"}", json, StringComparison.Ordinal);
        Assert.Equal(0, m.Overview.DialingRate);
    }

    [Fact]
    public async Task Dialing_rate_counts_attempts_inside_the_60_second_window_only()
    {
        var now = Db.Now;
        await Db.InsertAsync("dial", "call.started", now.AddSeconds(-59), new { callId = "recent", campaignId = "c-1" });
        await Db.InsertAsync("dial", "call.started", now.AddSeconds(-61), new { callId = "old", campaignId = "c-1" });
        await Db.InsertAsync("dial", "call.ended", now.AddSeconds(-30), new { callId = "recent", outcome = "busy" });
        await Db.InsertAsync("dial", "call.ended", now.AddSeconds(-30), new { callId = "old", outcome = "busy" });
        await Db.FoldAllAsync();

        var m = await Db.ComputeAsync("dial");
        Assert.Equal(1 / 60.0, m.Overview.DialingRate, 12);
        Assert.Equal(1 / 60.0, m.Campaigns.Campaigns.Single().DialingRate, 12);

        Db.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await Db.ComputeAsync("dial")).Overview.DialingRate);
    }

    [Fact]
    public async Task Late_campaign_update_does_not_overwrite_a_newer_one()
    {
        var now = Db.Now;
        await Db.InsertAsync("info", "campaign.updated", now, new { campaignId = "c-1", status = "paused", queueDepth = 5 });
        await Db.FoldAllAsync();
        await Db.InsertAsync("info", "campaign.updated", now.AddSeconds(-30), new { campaignId = "c-1", name = "Old name", status = "active", queueDepth = 99 });
        await Db.FoldAllAsync();

        var c = (await Db.ComputeAsync("info")).Campaigns.Campaigns.Single();
        Assert.Equal(("Old name", "paused", 5), (c.Name, c.Status, c.QueueDepth));
    }
}

using Dashboard.Catalogue;
using Dashboard.Simulation;

namespace Dashboard.Tests.Simulation;

public sealed class CampaignTrafficModelTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    // The outcomes of the first `calls` calls placed, each followed to its end. (Taking the first calls to END instead
    // would over-represent short calls: busy and failed lines finish long before conversations do.)
    private static List<CallEndedData> OutcomesOfFirstCalls(CampaignTrafficModel model, int calls)
    {
        var placed = new HashSet<string>();
        var ended = new Dictionary<string, CallEndedData>();
        for (var t = Start; (placed.Count < calls || ended.Count < calls) && t < Start.AddDays(1); t = t.AddMinutes(1))
        {
            foreach (var e in model.Advance(t))
            {
                if (e.Data is CallStartedData started && placed.Count < calls)
                {
                    placed.Add(started.CallId);
                }
                else if (e.Data is CallEndedData end && placed.Contains(end.CallId))
                {
                    ended[end.CallId] = end;
                }
            }
        }

        return [.. ended.Values];
    }

    private static TrafficProfile BusyProfile(double speed = 1) => new()
    {
        CallsPerSecond = 20,
        SpeedFactor = speed,
        QueueSize = (1_000_000, 1_000_000),
    };

    [Fact]
    public void Outcome_proportions_over_20000_calls_match_the_configured_probabilities()
    {
        var profile = BusyProfile();
        var outcomes = OutcomesOfFirstCalls(new CampaignTrafficModel(profile, new Random(42), "t", Start), 20_000);
        Assert.Equal(20_000, outcomes.Count);

        double Share(string outcome) => outcomes.Count(o => o.Outcome == outcome) / (double)outcomes.Count;
        var notConvertedOrOptedOut = 1 - profile.ConvertedWhenAnswered - profile.OptedOutWhenAnswered;
        // ±0.012 is about 4 standard deviations of a share near 0.45 over 20,000 calls: it fails on a wrong model, not on chance.
        Assert.InRange(Share("busy"), profile.Busy - 0.012, profile.Busy + 0.012);
        Assert.InRange(Share("no_answer"), profile.NoAnswer - 0.012, profile.NoAnswer + 0.012);
        Assert.InRange(Share("failed"), profile.Failed - 0.012, profile.Failed + 0.012);
        Assert.InRange(Share("completed"), (profile.Answered * notConvertedOrOptedOut) - 0.012, (profile.Answered * notConvertedOrOptedOut) + 0.012);
        Assert.InRange(Share("converted"), (profile.Answered * profile.ConvertedWhenAnswered) - 0.008, (profile.Answered * profile.ConvertedWhenAnswered) + 0.008);
        Assert.InRange(Share("opted_out"), (profile.Answered * profile.OptedOutWhenAnswered) - 0.005, (profile.Answered * profile.OptedOutWhenAnswered) + 0.005);

        var answered = outcomes.Count(o => o.Outcome is "completed" or "converted" or "opted_out");
        Assert.InRange(outcomes.Count(o => o.Outcome == "converted") / (double)answered, 0.13, 0.17);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Talk_time_median_is_the_configured_median_divided_by_the_speed_factor(double speed)
    {
        var profile = BusyProfile(speed);
        var outcomes = OutcomesOfFirstCalls(new CampaignTrafficModel(profile, new Random(7), "t", Start), 10_000);
        var talk = outcomes.Where(e => e.DurationSeconds > 0).Select(e => e.DurationSeconds).Order().ToList();

        Assert.True(talk.Count > 4_000, $"only {talk.Count} answered calls");
        var median = talk[talk.Count / 2];
        var expected = profile.MedianTalkSeconds / speed;
        Assert.InRange(median, expected * 0.95, expected * 1.05);
        // Log-normal: right-skewed, the mean lies above the median.
        Assert.True(talk.Average() > median);
    }

    [Fact]
    public void Each_call_goes_started_then_answered_then_ended_with_consistent_ids_and_times()
    {
        var model = new CampaignTrafficModel(new TrafficProfile { CallsPerSecond = 5, SpeedFactor = 10 }, new Random(1), "run1", Start);
        var events = new List<SimulatedEvent>();
        for (var t = Start; t <= Start.AddMinutes(10); t = t.AddSeconds(0.7))
        {
            var batch = model.Advance(t);
            Assert.Equal(batch.OrderBy(e => e.Time).Select(e => e.Id), batch.Select(e => e.Id));
            Assert.All(batch, e => Assert.True(e.Time <= t));
            events.AddRange(batch);
        }

        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events, e => Assert.StartsWith("run1-", e.Id, StringComparison.Ordinal));
        var campaignIds = model.Campaigns.Select(c => c.Id).ToHashSet();

        var calls = events.Where(e => e.Type.StartsWith("call.", StringComparison.Ordinal)).GroupBy(e => e.Subject).ToList();
        Assert.True(calls.Count > 1_000);
        var finished = 0;
        foreach (var call in calls)
        {
            var list = call.ToList();
            Assert.Equal(EventTypes.CallStarted, list[0].Type);
            var started = Assert.IsType<CallStartedData>(list[0].Data);
            Assert.Equal(call.Key, started.CallId);
            Assert.Contains(started.CampaignId, campaignIds);
            Assert.Equal("outbound", started.Direction);
            Assert.Equal(list.OrderBy(e => e.Time).Select(e => e.Id), list.Select(e => e.Id));
            if (list.Count == 1)
            {
                continue; // still ringing or talking when the run stopped
            }

            var ended = list[^1];
            if (ended.Type != EventTypes.CallEnded)
            {
                Assert.Equal([EventTypes.CallStarted, EventTypes.CallAnswered], list.Select(e => e.Type));
                continue;
            }

            finished++;
            var end = Assert.IsType<CallEndedData>(ended.Data);
            Assert.Equal(call.Key, end.CallId);
            if (list.Count == 3)
            {
                Assert.Equal(EventTypes.CallAnswered, list[1].Type);
                Assert.Equal(call.Key, Assert.IsType<CallAnsweredData>(list[1].Data).CallId);
                Assert.Contains(end.Outcome, new[] { "completed", "converted", "opted_out" });
                Assert.Equal((ended.Time - list[1].Time).TotalSeconds, end.DurationSeconds, 3);
            }
            else
            {
                Assert.Equal(2, list.Count);
                Assert.Contains(end.Outcome, new[] { "busy", "no_answer", "failed" });
                Assert.Equal(0, end.DurationSeconds);
            }
        }

        Assert.True(finished > 1_000);
    }

    [Fact]
    public void Dial_queues_drain_to_completed_and_are_refilled_later()
    {
        var profile = new TrafficProfile { CallsPerSecond = 10, QueueSize = (50, 50), RefillAfterSeconds = (300, 300) };
        var model = new CampaignTrafficModel(profile, new Random(3), "t", Start);

        var first = model.Advance(Start);
        var announced = first.Select(e => e.Data).OfType<CampaignUpdatedData>().ToList();
        Assert.Equal(3, announced.Count);
        Assert.All(announced, c => Assert.Equal(("active", 50), (c.Status, c.QueueDepth)));
        Assert.Equal(3, announced.Select(c => c.Name).Distinct().Count());

        var events = new List<SimulatedEvent>(first);
        for (var t = Start.AddSeconds(1); t <= Start.AddSeconds(120); t = t.AddSeconds(1))
        {
            events.AddRange(model.Advance(t));
        }

        Assert.All(model.Campaigns, c => Assert.Equal(("completed", 0), (c.Status, c.QueueDepth)));
        foreach (var campaign in model.Campaigns)
        {
            var updates = events.Select(e => e.Data).OfType<CampaignUpdatedData>().Where(u => u.CampaignId == campaign.Id).ToList();
            var depths = updates.Select(u => u.QueueDepth).ToList();
            Assert.Equal(depths.OrderDescending(), depths);
            Assert.Equal(("completed", 0), (updates[^1].Status, updates[^1].QueueDepth));
            Assert.Equal(50, events.Select(e => e.Data).OfType<CallStartedData>().Count(s => s.CampaignId == campaign.Id));
        }

        // Nothing to dial until the lists are refilled, 300 s after each campaign completed.
        Assert.DoesNotContain(model.Advance(Start.AddSeconds(200)), e => e.Type == EventTypes.CallStarted);
        var refill = model.Advance(Start.AddSeconds(500));
        Assert.Contains(refill.Select(e => e.Data).OfType<CampaignUpdatedData>(), u => u is { Status: "active", QueueDepth: 50 });
        Assert.Contains(refill, e => e.Type == EventTypes.CallStarted);
    }

    [Fact]
    public void The_same_seed_and_times_give_the_same_traffic()
    {
        static string Run(int seed)
        {
            var model = new CampaignTrafficModel(new TrafficProfile(), new Random(seed), "r", Start);
            var events = new List<SimulatedEvent>();
            for (var t = Start; t < Start.AddMinutes(5); t = t.AddSeconds(0.5))
            {
                events.AddRange(model.Advance(t));
            }

            return string.Join('\n', events.Select(e => $"{e.Id} {e.Type} {e.Time:O} {e.Data}"));
        }

        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }

    [Fact]
    public void Probabilities_that_do_not_add_up_are_rejected()
    {
        var profile = new TrafficProfile { Answered = 0.6 };
        Assert.Throws<ArgumentException>(() => new CampaignTrafficModel(profile, new Random(1), "t", Start));
    }
}

using Dashboard.Catalogue;
using Dashboard.Simulation;
using static Dashboard.Tests.Simulation.InboundQueueModelTests;

namespace Dashboard.Tests.Simulation;

/// <summary>
/// The inbound model's long-run statistics against its configuration and against queueing theory. Seeded, so each
/// test is repeatable; the tolerances are still set at 3–4 standard deviations, so that they hold for any seed and
/// fail only on a wrong model.
/// </summary>
public sealed class InboundQueueStatisticsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Arrival_rate_and_mean_handle_time_match_the_configuration_over_ten_hours(double speed)
    {
        var profile = new QueueProfile { Name = "support", Agents = 30, CallsPerHour = 300, MeanHandleSeconds = 240 };
        var hours = 10;
        var model = new InboundQueueModel([profile], speed, new Random(17), "t", Start);
        var events = Run(model, TimeSpan.FromHours(hours + 1), TimeSpan.FromMinutes(1));
        var window = Start.AddHours(hours);

        // Poisson arrivals: over 10 h about 3000 × speed calls (standard deviation √3000 ≈ 1.8 %), and exponential gaps,
        // whose coefficient of variation (σ / mean) is 1 where regular arrivals would give 0.
        var arrivals = events.Where(e => e.Type == EventTypes.CallStarted && e.Time < window).Select(e => e.Time).ToList();
        var expected = profile.CallsPerHour * speed * hours;
        Assert.InRange(arrivals.Count, expected * 0.93, expected * 1.07);
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.InRange(CoefficientOfVariation(gaps), 0.92, 1.08);

        // Exponential talk times: the mean is the configured one (in nominal seconds), and σ / mean is 1 again.
        var started = events.Where(e => e.Type == EventTypes.CallStarted && e.Time < window).Select(e => e.Subject).ToHashSet();
        var talk = events.Select(e => e.Data).OfType<CallEndedData>()
            .Where(e => e.Outcome == CallOutcomes.Completed && started.Contains(e.CallId)).Select(e => e.DurationSeconds * speed).ToList();
        Assert.True(talk.Count > expected * 0.9, $"{talk.Count} of about {expected} calls completed");
        Assert.InRange(talk.Average(), profile.MeanHandleSeconds * 0.93, profile.MeanHandleSeconds * 1.07);
        Assert.InRange(CoefficientOfVariation(talk), 0.92, 1.08);
    }

    [Fact]
    public void Callers_abandon_when_agents_are_scarce_and_not_when_they_are_plentiful()
    {
        // 120 calls/h × 270 s of work each is 9 Erlangs of load.
        var traffic = new QueueProfile { Name = "q", CallsPerHour = 120, MeanHandleSeconds = 240, WrapUpSeconds = 30, MeanPatienceSeconds = 120 };
        var window = Start.AddHours(10);

        var scarce = Run(new InboundQueueModel([traffic with { Agents = 3 }], 1, new Random(8), "t", Start), TimeSpan.FromHours(11), TimeSpan.FromMinutes(1));
        var overloaded = QueueStatistics.Measure(scarce, "q", window);
        // Three agents can answer at most 3 × 3600 / 270 = 40 calls an hour of the 120 offered: most callers give up.
        Assert.InRange(overloaded.AbandonRate, 0.5, 0.8);
        Assert.True(overloaded.Occupancy > 0.97, $"occupancy {overloaded.Occupancy:P1} of overloaded agents");

        var plentiful = Run(new InboundQueueModel([traffic with { Agents = 40, BreakProbability = 0 }], 1, new Random(8), "t", Start), TimeSpan.FromHours(11), TimeSpan.FromMinutes(1));
        var idle = QueueStatistics.Measure(plentiful, "q", window);
        // P(all 40 busy) under 9 Erlangs is about 1e-13 (Erlang C): every caller is answered on arrival.
        Assert.True(idle.Offered > 1_000);
        Assert.Equal((0, idle.Offered, 0.0, 1.0), (idle.Abandoned, idle.Answered, idle.AsaSeconds, idle.ServiceLevel));
        Assert.InRange(idle.Occupancy, 9.0 / 40 * 0.9, 9.0 / 40 * 1.1);
    }

    [Fact]
    public void The_default_queues_give_realistic_service_level_abandons_and_occupancy()
    {
        var queues = new SimulationOptions().EffectiveQueues.Select(q => q.Value.ToProfile(q.Key)).ToList();
        Assert.Equal(["sales", "support"], queues.Select(q => q.Name));
        var events = Run(new InboundQueueModel(queues, 1, new Random(2025), "t", Start), TimeSpan.FromHours(101), TimeSpan.FromMinutes(5));

        foreach (var queue in queues)
        {
            var stats = QueueStatistics.Measure(events, queue.Name, Start.AddHours(100));
            var what = $"{queue.Name}: {stats}";
            Assert.InRange(stats.ServiceLevel, 0.70, 0.90);
            Assert.InRange(stats.AbandonRate, 0.01, 0.07);
            Assert.InRange(stats.Occupancy, 0.70, 0.85);
            Assert.True(stats.AsaSeconds is > 3 and < 30, what);
            Assert.InRange(stats.MeanTalkSeconds, queue.MeanHandleSeconds * 0.95, queue.MeanHandleSeconds * 1.05);

            // Breaks: about BreakProbability × BreakSeconds per call cycle, a few per cent of logged-in time.
            var time = QueueStatistics.TimeInStatus(events, queue.Name, Start.AddHours(100));
            var breakShare = time.GetValueOrDefault(AgentStatus.Busy) / time.Values.Sum();
            Assert.InRange(breakShare, 0.01, 0.06);
        }
    }

    [Fact]
    public void Service_level_without_abandons_agrees_with_erlang_c()
    {
        // Patient callers (mean patience 10 h) turn Erlang A into Erlang C (M/M/N): N = 12, A = 9 Erlangs of talk, no
        // wrap-up or breaks. Erlang C: P(wait) = 0.266, SL(20 s) = 1 − P(wait)·e^(−(N − A)·20 / 240) = 0.792,
        // ASA = P(wait)·240 / (N − A) = 21.3 s.
        var profile = new QueueProfile { Name = "q", Agents = 12, CallsPerHour = 135, MeanHandleSeconds = 240, WrapUpSeconds = 0, MeanPatienceSeconds = 36_000, BreakProbability = 0 };
        var events = Run(new InboundQueueModel([profile], 1, new Random(99), "t", Start), TimeSpan.FromHours(201), TimeSpan.FromMinutes(10));
        var stats = QueueStatistics.Measure(events, "q", Start.AddHours(200));

        Assert.InRange(stats.ServiceLevel, 0.76, 0.82);
        Assert.InRange(stats.AsaSeconds, 17, 26);
        Assert.InRange(stats.Occupancy, 0.72, 0.78);
        Assert.True(stats.AbandonRate < 0.005, $"abandons {stats.AbandonRate:P2}");
    }

    private static double CoefficientOfVariation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) / mean;
    }
}

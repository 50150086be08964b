using Dashboard.Catalogue;
using Dashboard.Simulation;
using static Dashboard.Tests.Simulation.ChatCentreModelTests;

namespace Dashboard.Tests.Simulation;

/// <summary>
/// The chat model's long-run arrival process against its configuration. Seeded, so repeatable; the tolerances are about
/// 4 standard deviations, so they hold for any seed and fail only on a wrong model.
/// </summary>
public sealed class ChatCentreStatisticsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Sessions_arrive_per_channel_as_a_poisson_process_at_the_configured_rate_over_twenty_hours(double speed)
    {
        // Plenty of agents: the arrivals do not depend on them, and the run stays quick.
        var profile = new ChatProfile { Channels = [new("messenger", 30), new("web", 150)], AgentIds = [.. Enumerable.Range(1, 40).Select(i => $"a-{i}")] };
        const int Hours = 20;
        var events = Run(new ChatCentreModel(profile, speed, new Random(17), "t", Start), TimeSpan.FromHours(Hours), TimeSpan.FromMinutes(1));
        var window = Start.AddHours(Hours);

        foreach (var (channel, perHour) in profile.Channels)
        {
            var arrivals = events.Where(e => e.Time < window && e.Data is ChatSessionStartedData s && s.Channel == channel).Select(e => e.Time).ToList();
            // Poisson count: mean λt, standard deviation √(λt); 600 sessions → ±4σ ≈ ±16 %, 3000 → ±7 %.
            var expected = perHour * speed * Hours;
            var bound = 4 * Math.Sqrt(expected);
            Assert.InRange(arrivals.Count, expected - bound, expected + bound);

            // Exponential gaps: σ / mean is 1 (regular arrivals would give 0).
            var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
            var mean = gaps.Average();
            var cv = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1)) / mean;
            Assert.InRange(cv, 0.85, 1.15);
        }
    }

    [Fact]
    public void With_agents_to_spare_nobody_abandons_and_everyone_waits_only_the_pick_up_delay()
    {
        var profile = new ChatProfile { Channels = [new("web", 120)], AgentIds = [.. Enumerable.Range(1, 30).Select(i => $"a-{i}")], MeanPickUpSeconds = 10, MeanPatienceSeconds = 1e7 };
        var events = Run(new ChatCentreModel(profile, 1, new Random(4), "t", Start), TimeSpan.FromHours(10), TimeSpan.FromMinutes(1));
        var started = events.Where(e => e.Type == EventTypes.ChatSessionStarted).ToDictionary(e => e.Subject, e => e.Time);
        var waits = events.Where(e => e.Type == EventTypes.ChatSessionAssigned).Select(e => (e.Time - started[e.Subject]).TotalSeconds).ToList();

        Assert.True(waits.Count > 1000);
        // Exponential pick-up of mean 10 s, the mean of 1200 draws within ±4σ/√n ≈ ±12 %.
        Assert.InRange(waits.Average(), 8.8, 11.2);
        Assert.DoesNotContain(events, e => e.Data is ChatSessionClosedData { Resolved: false } && !events.Any(a => a.Type == EventTypes.ChatSessionAssigned && a.Subject == e.Subject));
    }
}

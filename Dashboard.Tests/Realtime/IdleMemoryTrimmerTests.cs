using Dashboard.Realtime;

namespace Dashboard.Tests.Realtime;

/// <summary>When a node whose connections swung down compacts its heap (docs/limits.md, "Memory per connection").</summary>
public sealed class IdleMemoryTrimmerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    // Feeds one count per second from `at`; returns the seconds (from `at`) at which the trimmer fired.
    private static List<int> Feed(IdleMemoryTrimmer trimmer, DateTimeOffset at, params int[] counts) =>
        [.. counts.Select((count, second) => (count, second)).Where(c => trimmer.Observe(c.count, at.AddSeconds(c.second))).Select(c => c.second)];

    [Fact]
    public void Fires_once_after_a_wave_of_closes_has_settled()
    {
        var trimmer = new IdleMemoryTrimmer(threshold: 1000);
        // 5,000 open, they close over three seconds, then the count stays at 0: three settled sweeps after the last drop.
        var fired = Feed(trimmer, Start, 5000, 5000, 3000, 1000, 0, 0, 0, 0, 0, 0);
        Assert.Equal([7], fired);
    }

    [Fact]
    public void Does_not_fire_below_the_threshold_or_above_half_the_peak()
    {
        var small = new IdleMemoryTrimmer(threshold: 1000);
        Assert.Empty(Feed(small, Start, 900, 0, 0, 0, 0, 0));

        var half = new IdleMemoryTrimmer(threshold: 1000);
        Assert.Empty(Feed(half, Start, 5000, 3000, 3000, 3000, 3000, 3000));
    }

    [Fact]
    public void Waits_a_minute_between_trims_and_counts_the_peak_again_after_one()
    {
        var trimmer = new IdleMemoryTrimmer(threshold: 1000);
        Assert.Equal([4], Feed(trimmer, Start, 4000, 0, 0, 0, 0));

        // Back up and down again 20 s later: too soon.
        Assert.Empty(Feed(trimmer, Start.AddSeconds(20), 4000, 0, 0, 0, 0));

        // After the minute the same swing fires again; a steady count never does.
        Assert.Equal([4], Feed(trimmer, Start.AddMinutes(2), 4000, 0, 0, 0, 0));
        Assert.Empty(Feed(trimmer, Start.AddMinutes(4), 0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void Zero_turns_it_off()
    {
        var trimmer = new IdleMemoryTrimmer(threshold: 0);
        Assert.Empty(Feed(trimmer, Start, 100_000, 0, 0, 0, 0, 0, 0));
    }
}

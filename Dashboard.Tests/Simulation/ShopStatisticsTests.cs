using Dashboard.Simulation;
using static Dashboard.Tests.Simulation.ShopModelTests;

namespace Dashboard.Tests.Simulation;

/// <summary>
/// The shop's daily traffic curve against its configuration, in the tenant's time zone. Seeded, so repeatable; the
/// tolerances are about 4 standard deviations, so they hold for any seed and fail only on a wrong model.
/// </summary>
public sealed class ShopStatisticsTests
{
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    [Fact]
    public void The_curve_peaks_at_20_30_local_time_and_is_lowest_before_dawn_in_the_tenants_zone()
    {
        var profile = Busy with { TimeZone = Kolkata };

        // 20:30 in Kolkata (+05:30) is 15:00 UTC; 03:30 is 22:00 UTC the day before.
        Assert.Equal(1, profile.ShapeAt(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero)), 9);
        Assert.Equal(0.04, profile.ShapeAt(new DateTimeOffset(2026, 3, 5, 22, 0, 0, TimeSpan.Zero)), 9);
        // Half-way between the 20:30 (1) and 21:30 (0.92) values.
        Assert.Equal(0.96, profile.ShapeAt(new DateTimeOffset(2026, 3, 6, 15, 30, 0, TimeSpan.Zero)), 9);
        Assert.Equal(1, (Busy with { TimeZone = TimeZoneInfo.Utc }).ShapeAt(new DateTimeOffset(2026, 3, 6, 20, 30, 0, TimeSpan.Zero)), 9);
    }

    [Fact]
    public void Sessions_over_three_days_follow_the_curve_of_the_local_hours_of_the_day()
    {
        // Sessions only (no checkouts) keep the run quick; the arrivals do not depend on what the sessions do.
        var profile = Busy with { TimeZone = Kolkata, SessionsPerMinuteAtPeak = 4, PurchaseShare = 0, MeanSessionSeconds = 30, MeanViewSeconds = 600 };
        var start = new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero);
        var model = new ShopModel(profile, 1, new Random(21), "t", start);
        var perLocalHour = new double[24];
        var previous = 0L;
        for (var t = start.AddMinutes(1); t <= start.AddDays(3); t = t.AddMinutes(1))
        {
            model.Advance(t);
            perLocalHour[TimeZoneInfo.ConvertTime(t.AddSeconds(-30), Kolkata).Hour] += model.SessionsStarted - previous;
            previous = model.SessionsStarted;
        }

        // Expected: the peak rate times the curve, integrated minute by minute over the three days.
        var expected = 0.0;
        for (var t = start; t < start.AddDays(3); t = t.AddMinutes(1))
        {
            expected += profile.SessionsPerMinuteAtPeak * profile.ShapeAt(t.AddSeconds(30));
        }

        Assert.InRange(model.SessionsStarted, expected - (4 * Math.Sqrt(expected)), expected + (4 * Math.Sqrt(expected)));
        // The evening hours 19–21 local (3 × 60 min × 4/min × 0.93–0.98 ≈ 670–700 each, too close to rank) against hours 3
        // and 4 (≈ 29 each).
        Assert.InRange(Array.IndexOf(perLocalHour, perLocalHour.Max()), 19, 21);
        Assert.True(perLocalHour[3] + perLocalHour[4] < perLocalHour[20] / 8, string.Join(", ", perLocalHour));
    }
}

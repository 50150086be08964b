using Dashboard.Calendar;

namespace Dashboard.Tests.Calendar;

/// <summary>
/// <see cref="BusinessCalendar"/>'s boundaries against the tz database (the values below were read off it for 2026): UTC,
/// America/New_York across both daylight-saving changes, Asia/Kolkata (+05:30), Asia/Kathmandu (+05:45), and zones whose
/// midnight is skipped (America/Santiago, 2026-09-06) or happens twice (America/Havana, 2026-11-01).
/// </summary>
public sealed class BusinessCalendarTests
{
    private static BusinessCalendar Zone(string name) => new(name, TimeZoneInfo.FindSystemTimeZoneById(name));

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void Utc_days_weeks_months_and_hours_start_at_utc_boundaries()
    {
        var c = BusinessCalendar.Utc;
        var t = Utc(3, 11, 15, 20).AddSeconds(10); // a Wednesday
        Assert.Equal(new DateOnly(2026, 3, 11), c.LocalDate(t));
        Assert.Equal(Utc(3, 11, 0), c.DayStart(t));
        Assert.Equal(Utc(3, 12, 0), c.NextDayStart(t));
        Assert.Equal(Utc(3, 9, 0), c.WeekStart(t));
        Assert.Equal(Utc(3, 1, 0), c.MonthStart(t));
        Assert.Equal(Utc(3, 11, 15), c.HourStart(t));
        Assert.Equal(Utc(3, 9, 0), c.WeekStart(Utc(3, 9, 0))); // Monday 00:00 is its own week's start
        Assert.Equal(Utc(3, 2, 0), c.WeekStart(Utc(3, 8, 23, 59))); // Sunday belongs to the week before (ISO 8601)
    }

    [Fact]
    public void New_York_spring_forward_day_has_23_hours_and_its_hours_skip_two_oclock()
    {
        var c = Zone("America/New_York");
        var noon = Utc(3, 8, 12); // 08:00 EDT, Sunday 2026-03-08
        Assert.Equal(new DateOnly(2026, 3, 8), c.LocalDate(noon));
        Assert.Equal(Utc(3, 8, 5), c.DayStart(noon)); // 00:00 EST
        Assert.Equal(Utc(3, 9, 4), c.NextDayStart(noon)); // 00:00 EDT
        Assert.Equal(TimeSpan.FromHours(23), c.NextDayStart(noon) - c.DayStart(noon));
        Assert.Equal(Utc(3, 2, 5), c.WeekStart(noon));
        Assert.Equal(Utc(3, 1, 5), c.MonthStart(noon));
        Assert.Equal(Utc(3, 8, 6), c.HourStart(Utc(3, 8, 6, 59))); // 01:59 EST
        Assert.Equal(Utc(3, 8, 7), c.HourStart(Utc(3, 8, 7, 0))); // 03:00 EDT: 02:00 never happened
        // The last instant of the day before is still that day.
        Assert.Equal(new DateOnly(2026, 3, 7), c.LocalDate(Utc(3, 8, 5).AddTicks(-1)));
    }

    [Fact]
    public void New_York_fall_back_day_has_25_hours_and_the_repeated_hour_is_two_hours()
    {
        var c = Zone("America/New_York");
        var noon = Utc(11, 1, 12); // 07:00 EST, Sunday 2026-11-01
        Assert.Equal(Utc(11, 1, 4), c.DayStart(noon)); // 00:00 EDT
        Assert.Equal(Utc(11, 2, 5), c.NextDayStart(noon)); // 00:00 EST
        Assert.Equal(TimeSpan.FromHours(25), c.NextDayStart(noon) - c.DayStart(noon));
        Assert.Equal(Utc(10, 26, 4), c.WeekStart(noon));
        Assert.Equal(Utc(11, 1, 4), c.MonthStart(noon));
        Assert.Equal(Utc(11, 1, 5), c.HourStart(Utc(11, 1, 5, 30))); // 01:30 EDT
        Assert.Equal(Utc(11, 1, 6), c.HourStart(Utc(11, 1, 6, 30))); // 01:30 EST, the second one
    }

    [Fact]
    public void Kolkata_and_Kathmandu_days_and_hours_start_at_half_and_quarter_past_utc()
    {
        var kolkata = Zone("Asia/Kolkata");
        var t = Utc(3, 8, 20, 10); // 01:40 IST on Monday 2026-03-09
        Assert.Equal(new DateOnly(2026, 3, 9), kolkata.LocalDate(t));
        Assert.Equal(Utc(3, 8, 18, 30), kolkata.DayStart(t));
        Assert.Equal(Utc(3, 9, 18, 30), kolkata.NextDayStart(t));
        Assert.Equal(Utc(3, 8, 18, 30), kolkata.WeekStart(t));
        Assert.Equal(Utc(2, 28, 18, 30), kolkata.MonthStart(t));
        Assert.Equal(Utc(3, 8, 19, 30), kolkata.HourStart(t));

        var kathmandu = Zone("Asia/Kathmandu");
        Assert.Equal(Utc(3, 8, 18, 15), kathmandu.DayStart(t));
        Assert.Equal(Utc(3, 8, 20, 15), kathmandu.HourStart(Utc(3, 8, 20, 20))); // 02:05 NPT
        Assert.Equal(Utc(3, 8, 19, 15), kathmandu.HourStart(Utc(3, 8, 20, 14))); // 01:59 NPT
    }

    [Fact]
    public void A_skipped_midnight_starts_the_day_when_the_clock_jumps_and_a_repeated_one_at_the_first()
    {
        // Santiago springs forward at 00:00 on 2026-09-06 (-04 → -03): the day starts at 01:00 -03 and has 23 hours.
        var santiago = Zone("America/Santiago");
        Assert.True(santiago.Zone.IsInvalidTime(new DateTime(2026, 9, 6, 0, 30, 0)));
        Assert.Equal(Utc(9, 6, 4), santiago.StartOf(new DateOnly(2026, 9, 6)));
        Assert.Equal(Utc(9, 7, 3), santiago.NextDayStart(Utc(9, 6, 12)));
        Assert.Equal(Utc(9, 5, 4), santiago.DayStart(Utc(9, 6, 3, 59))); // 23:59 -04 on the 5th

        // Havana falls back at 01:00 on 2026-11-01 (-04 → -05): 00:00 happens twice; the day starts at the first, 25 hours.
        var havana = Zone("America/Havana");
        Assert.Equal(Utc(11, 1, 4), havana.StartOf(new DateOnly(2026, 11, 1)));
        Assert.Equal(Utc(11, 2, 5), havana.NextDayStart(Utc(11, 1, 12)));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("America/Santiago")]
    [InlineData("Europe/Berlin")]
    public void Every_day_and_hour_of_2026_starts_on_a_quarter_hour_bucket_and_days_have_23_24_or_25_hours(string name)
    {
        var c = Zone(name);
        for (var date = new DateOnly(2026, 1, 1); date.Year == 2026; date = date.AddDays(1))
        {
            var start = c.StartOf(date);
            Assert.Equal(start, QuarterHours.Of(start));
            Assert.Equal(date, c.LocalDate(start));
            Assert.Contains((c.StartOf(date.AddDays(1)) - start).TotalHours, new[] { 23.0, 24.0, 25.0 });
            var afternoon = start.AddHours(15).AddMinutes(7);
            Assert.Equal(c.HourStart(afternoon), QuarterHours.Of(c.HourStart(afternoon)));
        }
    }
}

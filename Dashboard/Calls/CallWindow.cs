using Dashboard.Calendar;

namespace Dashboard.Calls;

/// <summary>
/// A window [<see cref="Start"/>, <see cref="End"/>] of <see cref="Hours"/> hours (UTC) and how it is read: the quarter-hour
/// buckets from <see cref="FirstWholeBucket"/> through <see cref="CurrentBucket"/> from <c>call_hourly</c> (keyed by
/// quarter-hour, <see cref="QuarterHours"/>), and the part of the first bucket inside the window,
/// [<see cref="Start"/>, <see cref="FirstWholeBucket"/>), from raw <c>calls</c> rows.
/// </summary>
internal readonly record struct CallWindow
{
    /// <summary>Smallest <c>hours</c>.</summary>
    public const int MinHours = 1;

    /// <summary>Largest <c>hours</c> (one week).</summary>
    public const int MaxHours = 168;

    /// <summary>The window of the <c>call_stats</c> snapshot and of a request without <c>hours</c>.</summary>
    public const int DefaultHours = 24;

    private CallWindow(int hours, DateTime end)
    {
        Hours = hours;
        End = end;
        Start = end - TimeSpan.FromHours(hours);
        FirstWholeBucket = QuarterHours.Of(Start) == Start ? Start : QuarterHours.Of(Start) + QuarterHours.Width;
        CurrentBucket = QuarterHours.Of(end);
    }

    public int Hours { get; }

    /// <summary>Window start, inclusive: a call started exactly then counts.</summary>
    public DateTime Start { get; }

    /// <summary>Window end ("now"), inclusive, whole microseconds.</summary>
    public DateTime End { get; }

    /// <summary>The first quarter-hour bucket lying wholly inside the window (<see cref="Start"/> when it is on a quarter).</summary>
    public DateTime FirstWholeBucket { get; }

    /// <summary>The bucket <see cref="End"/> is in: read whole (calls cannot have started after now).</summary>
    public DateTime CurrentBucket { get; }

    /// <summary>
    /// The local clock hours of <paramref name="calendar"/> the window overlaps, oldest first, each as the UTC instant it
    /// starts (<see cref="BusinessCalendar.HourStart"/>): the entries of calls per hour, <c>hours + 1</c> of them (the
    /// first and the last are partial), or one fewer or more across a daylight-saving change of less than an hour.
    /// </summary>
    public IReadOnlyList<DateTime> LocalHours(BusinessCalendar calendar)
    {
        // Through the buckets, so a local hour is listed exactly when a bucket of the window maps to it, as the counts do.
        var hours = new List<DateTime>(Hours + 2);
        for (var bucket = QuarterHours.Of(Start); bucket <= CurrentBucket; bucket += QuarterHours.Width)
        {
            var hour = calendar.HourStart(bucket);
            if (hours.Count == 0 || hours[^1] != hour)
            {
                hours.Add(hour);
            }
        }

        return hours;
    }

    /// <summary>
    /// The window of <paramref name="hours"/> hours ending at <paramref name="now"/>, truncated to whole microseconds
    /// (PostgreSQL's precision), so the start compares exactly with stored times.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hours"/> outside 1..168.</exception>
    public static CallWindow Ending(DateTime now, int hours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, MinHours);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hours, MaxHours);
        var utc = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        return new CallWindow(hours, new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc));
    }
}

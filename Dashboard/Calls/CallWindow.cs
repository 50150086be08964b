namespace Dashboard.Calls;

/// <summary>
/// A window [<see cref="Start"/>, <see cref="End"/>] of <see cref="Hours"/> hours (UTC) and how it is read: the hours from
/// <see cref="FirstWholeHour"/> through <see cref="CurrentHour"/> from <c>call_hourly</c>, and the part of the first hour
/// inside the window, [<see cref="Start"/>, <see cref="FirstWholeHour"/>), from raw <c>calls</c> rows.
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
        FirstWholeHour = Floor(Start) == Start ? Start : Floor(Start).AddHours(1);
        CurrentHour = Floor(end);
    }

    public int Hours { get; }

    /// <summary>Window start, inclusive: a call started exactly then counts.</summary>
    public DateTime Start { get; }

    /// <summary>Window end ("now"), inclusive, whole microseconds.</summary>
    public DateTime End { get; }

    /// <summary>The first hour whose bucket lies wholly inside the window (<see cref="Start"/> when it is on the hour).</summary>
    public DateTime FirstWholeHour { get; }

    /// <summary>The hour <see cref="End"/> is in: its bucket is read whole (calls cannot have started after now).</summary>
    public DateTime CurrentHour { get; }

    /// <summary>The UTC hour <see cref="Start"/> is in: the first entry of calls per hour.</summary>
    public DateTime FirstHour => Floor(Start);

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

    /// <summary>Start of the UTC hour <paramref name="t"/> is in.</summary>
    public static DateTime Floor(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
}

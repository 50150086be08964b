namespace Dashboard.Calendar;

/// <summary>
/// One tenant's business calendar: where its "today", "this week" (ISO 8601, Monday first), "this month" and local hours
/// start, in its IANA time zone (<c>Tenants:{tenant}:TimeZone</c>, docs/metrics.md §1). Every argument and result is a UTC
/// instant (<see cref="DateTimeKind.Utc"/>); only the boundaries follow the zone, so stored timestamps and the wire stay UTC.
/// </summary>
/// <remarks>
/// Days of 23 or 25 hours at daylight-saving changes come out as such. A local midnight that does not exist (a zone that
/// springs forward at 00:00) starts the day at the first local instant that does; a midnight that happens twice (falling
/// back at 01:00 to 00:00) starts it at the first. Every offset a zone accepted here can have is a whole number of
/// quarter-hours (<see cref="TenantTimeZones"/> checks), so each of these boundaries falls on a <see cref="QuarterHours"/> boundary.
/// </remarks>
/// <param name="TimeZone">The IANA name, as configured (<c>UTC</c> by default); carried on payloads as <c>timeZone</c>.</param>
/// <param name="Zone">The zone's rules.</param>
public sealed record BusinessCalendar(string TimeZone, TimeZoneInfo Zone)
{
    /// <summary>The calendar of a tenant without a configured zone.</summary>
    public static BusinessCalendar Utc { get; } = new("UTC", TimeZoneInfo.Utc);

    /// <summary>The local date (in this zone) of the UTC instant <paramref name="utc"/>.</summary>
    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), Zone));

    /// <summary>The first instant (UTC) of the local date <paramref name="date"/>.</summary>
    public DateTime StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Spring forward at midnight: 00:00 never happens, the day starts when the clock jumps (a quarter-hour grid
        // reaches it, since every offset is a whole number of quarter-hours).
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    /// <summary>Start (UTC) of the business day containing <paramref name="utc"/>.</summary>
    public DateTime DayStart(DateTime utc) => StartOf(LocalDate(utc));

    /// <summary>Start (UTC) of the business day after the one containing <paramref name="utc"/>.</summary>
    public DateTime NextDayStart(DateTime utc) => StartOf(LocalDate(utc).AddDays(1));

    /// <summary>Start (UTC) of the ISO 8601 week (Monday 00:00 local) containing <paramref name="utc"/>.</summary>
    public DateTime WeekStart(DateTime utc)
    {
        var date = LocalDate(utc);
        return StartOf(date.AddDays(-(((int)date.DayOfWeek + 6) % 7)));
    }

    /// <summary>Start (UTC) of the local calendar month containing <paramref name="utc"/>.</summary>
    public DateTime MonthStart(DateTime utc)
    {
        var date = LocalDate(utc);
        return StartOf(new DateOnly(date.Year, date.Month, 1));
    }

    /// <summary>
    /// Start (UTC) of the local clock hour containing <paramref name="utc"/>: in +05:30 hours start at :30 UTC. Across a
    /// fall-back change the repeated local hour is two hours, each with its own start.
    /// </summary>
    public DateTime HourStart(DateTime utc)
    {
        utc = AsUtc(utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);
        return utc - TimeSpan.FromTicks(local.Ticks % TimeSpan.TicksPerHour);
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}

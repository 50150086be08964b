namespace Dashboard.Calendar;

/// <summary>
/// The grain of every stored roll-up (<c>call_hourly</c>, <c>queue_hourly</c>, <c>agent_hourly</c>,
/// <c>chat_message_hourly</c>, the commerce buckets): a quarter-hour of UTC. Every UTC offset a tenant's zone can have is
/// a whole number of quarter-hours (Asia/Kolkata +05:30, Asia/Kathmandu +05:45, Australia/Lord_Howe's 30-minute DST), so
/// any zone's local hours, days, weeks and months are exact unions of buckets, and changing a tenant's zone re-buckets
/// everything still held at this grain (docs/metrics.md §1). The columns keep the name <c>hour</c> from before.
/// </summary>
public static class QuarterHours
{
    /// <summary>The width of a bucket: 15 minutes.</summary>
    public static readonly TimeSpan Width = TimeSpan.FromMinutes(15);

    /// <summary>The start (UTC) of the quarter-hour bucket containing <paramref name="utc"/>.</summary>
    public static DateTime Of(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % Width.Ticks, DateTimeKind.Utc);
}

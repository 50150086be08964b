using Dashboard.Calendar;

namespace Dashboard.Tests.Calendar;

/// <summary>
/// <c>Tenants:{tenant}:TimeZone</c> accepts the zones in use (their local mean time of the 1800s, in every zone's rules,
/// does not count) and refuses one whose offset since 1970 was not a whole quarter-hour.
/// </summary>
public sealed class TimeZoneOffsetsSince1970Tests
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Europe/Berlin")]
    [InlineData("Australia/Lord_Howe")]
    public void A_zone_in_use_today_is_accepted(string zone) => Assert.Null(TenantTimeZones.Problem(zone));

    [Fact]
    public void A_zone_whose_offset_since_1970_was_not_a_whole_quarter_hour_is_refused() =>
        // Liberia kept -00:44:30 until 1972.
        Assert.Contains("quarter-hours", TenantTimeZones.Problem("Africa/Monrovia"), StringComparison.Ordinal);
}

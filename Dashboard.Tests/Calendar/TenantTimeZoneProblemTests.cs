using Dashboard.Calendar;

namespace Dashboard.Tests.Calendar;

/// <summary>Which IANA names a tenant's zone may be: today's zones with their pre-1970 local mean time left aside.</summary>
public sealed class TenantTimeZoneProblemTests
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("America/New_York")]
    [InlineData("Europe/Berlin")]
    public void Zones_in_use_today_are_accepted_although_their_history_began_with_local_mean_time(string zone)
    {
        Assert.Null(TenantTimeZones.Problem(zone));
    }

    [Theory]
    [InlineData("Not/AZone")]
    [InlineData("")]
    public void Unknown_names_are_refused(string zone)
    {
        Assert.NotNull(TenantTimeZones.Problem(zone));
    }
}

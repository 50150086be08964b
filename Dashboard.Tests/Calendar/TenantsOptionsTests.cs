using Dashboard.Calendar;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Calendar;

/// <summary><c>Tenants:{tenant}:TimeZone</c> as the app binds and checks it at start (<see cref="CalendarExtensions.AddCalendar"/>).</summary>
public sealed class TenantsOptionsTests
{
    [Theory]
    [InlineData("Eastern Standard Time", "Windows ids are not accepted")]
    [InlineData("India Standard Time", "Windows ids are not accepted")]
    [InlineData("Mars/Olympus_Mons", "must be an IANA time zone name")]
    [InlineData("asia/kolkata!", "must be an IANA time zone name")]
    public void The_app_refuses_to_start_with_a_zone_that_is_not_IANA_naming_the_key(string zone, string reason)
    {
        var error = StartupRefusal(new Dictionary<string, string?> { ["Tenants:acme:TimeZone"] = zone, ["Tenants:ok:TimeZone"] = "Asia/Kolkata" });

        Assert.Contains("Tenants:acme:TimeZone", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains($"(was '{zone}')", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tenants:ok", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_zones_bind_and_an_unlisted_tenant_is_UTC()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tenants:acme:TimeZone"] = "America/New_York",
            ["Tenants:kol:TimeZone"] = "Asia/Kolkata",
        });
        builder.AddCalendar();
        using var app = builder.Build();

        var zones = app.Services.GetRequiredService<TenantTimeZones>();
        Assert.Equal("America/New_York", zones.For("acme").TimeZone);
        Assert.Equal("UTC", zones.For("someone-else").TimeZone);
        Assert.Equal(["America/New_York", "Asia/Kolkata", "UTC"], zones.Calendars.Select(c => c.TimeZone).Order(StringComparer.Ordinal).ToArray());
    }

    private static OptionsValidationException StartupRefusal(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCalendar();
        using var app = builder.Build();
        return Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<TenantsOptions>>().Value);
    }
}

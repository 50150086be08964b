using Microsoft.Extensions.Options;

namespace Dashboard.Calendar;

/// <summary>Registers the tenants' business calendars.</summary>
public static class CalendarExtensions
{
    /// <summary>Binds <c>Tenants</c> (validated at start) and registers <see cref="TenantTimeZones"/>.</summary>
    public static WebApplicationBuilder AddCalendar(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TenantsOptions>().BindConfiguration(TenantsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TenantsOptions>, TenantsOptionsValidator>();
        builder.Services.AddSingleton<TenantTimeZones>();
        return builder;
    }
}

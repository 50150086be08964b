using Microsoft.Extensions.Options;

namespace Dashboard.Publishing;

/// <summary>Registers what every job that publishes per-tenant snapshots shares: payload bounds, tenant isolation, the known tenants.</summary>
public static class PublishingExtensions
{
    /// <summary>Adds the <c>Payloads</c> options (validated at start-up), <see cref="TenantIsolation"/> and <see cref="KnownTenants"/>.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Payloads:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddPublishing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PayloadOptions>().BindConfiguration(PayloadOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PayloadOptions>, PayloadOptionsValidator>();
        builder.Services.AddSingleton<TenantIsolation>();
        builder.Services.AddSingleton<KnownTenants>();
        return builder;
    }
}

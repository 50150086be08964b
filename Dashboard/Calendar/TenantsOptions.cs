namespace Dashboard.Calendar;

/// <summary>
/// Per-tenant settings, the <c>Tenants</c> section: <c>Tenants:{tenant}:TimeZone</c> (README "Configuration", docs/metrics.md §1). A tenant that
/// is not listed uses the defaults.
/// </summary>
public sealed class TenantsOptions : Dictionary<string, TenantSettings>
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tenants";

    /// <summary>Creates an empty set (tenant ids are case-sensitive, as everywhere else).</summary>
    public TenantsOptions()
        : base(StringComparer.Ordinal)
    {
    }
}

/// <summary>One tenant's settings (<c>Tenants:{tenant}</c>).</summary>
public sealed class TenantSettings
{
    /// <summary>
    /// The tenant's business-day time zone (<c>Tenants:{tenant}:TimeZone</c>): an IANA name such as <c>Europe/Berlin</c> or
    /// <c>Asia/Kolkata</c>, at most 64 characters; default <c>UTC</c>. Windows zone ids are refused.
    /// </summary>
    public string? TimeZone { get; set; }
}

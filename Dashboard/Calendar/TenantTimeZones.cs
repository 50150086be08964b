using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Calendar;

/// <summary>
/// Each tenant's <see cref="BusinessCalendar"/>, from <c>Tenants:{tenant}:TimeZone</c> (default UTC). Every "today",
/// "this week", "this month", per-day and per-hour figure a tenant sees asks here (docs/metrics.md §1).
/// </summary>
public sealed class TenantTimeZones(IOptions<TenantsOptions> options)
{
    private readonly ConcurrentDictionary<string, BusinessCalendar> _byName = new(StringComparer.Ordinal) { ["UTC"] = BusinessCalendar.Utc };

    /// <summary>Every distinct calendar in use: UTC (the default) and each configured zone, once.</summary>
    public IReadOnlyList<BusinessCalendar> Calendars =>
        [BusinessCalendar.Utc, .. options.Value.Values.Select(s => s.TimeZone).Where(z => z is { Length: > 0 } && z != "UTC").Distinct(StringComparer.Ordinal).Select(z => Resolve(z!))];

    /// <summary>The calendar of <paramref name="tenant"/>: its configured zone, else <see cref="BusinessCalendar.Utc"/>.</summary>
    public BusinessCalendar For(string tenant) =>
        options.Value.TryGetValue(tenant, out var settings) && settings.TimeZone is { Length: > 0 } name ? Resolve(name) : BusinessCalendar.Utc;

    /// <summary>Every tenant with a zone other than UTC configured, with its calendar (all other tenants are UTC tenants).</summary>
    public IEnumerable<(string Tenant, BusinessCalendar Calendar)> Configured =>
        options.Value.Keys.Select(t => (Tenant: t, Calendar: For(t))).Where(t => t.Calendar.TimeZone != "UTC");

    // Zones were validated at start (TenantsOptionsValidator); each is resolved once.
    private BusinessCalendar Resolve(string name) =>
        _byName.GetOrAdd(name, static n => new BusinessCalendar(n, TimeZoneInfo.FindSystemTimeZoneById(n)));

    /// <summary>
    /// Why <paramref name="name"/> cannot be a tenant's zone, in the words of an error message; null when it can: it must be
    /// an IANA name this machine's time-zone database knows (not a Windows id), and every offset the zone has had since 1970 must be a
    /// whole number of quarter-hours (the grain of the roll-ups, <see cref="QuarterHours"/>).
    /// </summary>
    public static string? Problem(string name)
    {
        if (name.Length is 0 or > TenantsOptionsValidator.MaxTimeZoneLength)
        {
            return $"must be an IANA time zone name of 1 to {TenantsOptionsValidator.MaxTimeZoneLength} characters such as Europe/Berlin";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) || !zone.HasIanaId)
        {
            return "must be an IANA time zone name such as Europe/Berlin or Asia/Kolkata (see the tz database; Windows ids are not accepted)";
        }

        var quarter = QuarterHours.Width.Ticks;
        // Offsets since 1970 only: every zone's local mean time before its first standard offset (Asia/Kolkata +05:53
        // until 1854, America/New_York -04:56 until 1883) is in its rules, and no event is that old.
        var offsets = zone.GetAdjustmentRules()
            .Where(r => r.DateEnd >= DateTime.UnixEpoch)
            .SelectMany(r => new[] { zone.BaseUtcOffset + r.BaseUtcOffsetDelta, zone.BaseUtcOffset + r.BaseUtcOffsetDelta + r.DaylightDelta })
            .Append(zone.BaseUtcOffset);
        return offsets.Any(o => o.Ticks % quarter != 0)
            ? "must be a zone whose UTC offsets are whole quarter-hours (every zone in use today is)"
            : null;
    }
}

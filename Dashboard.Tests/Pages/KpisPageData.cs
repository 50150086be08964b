using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary>
/// <c>kpis_update</c> payloads and <c>activity</c> messages in the wire shapes of docs/metrics.md §8 and docs/activity.md,
/// published into the hub as the tick and the ingestion do, for the KPIs &amp; Activity page and Wallboard tests.
/// </summary>
internal static class KpisPageData
{
    /// <summary>A minute-aligned history of <paramref name="values"/> ending at the minute of <paramref name="end"/>.</summary>
    public static object[][] History(DateTime end, params double[] values)
    {
        var minute = CommercePageData.MinuteOf(end);
        return [.. values.Select((v, i) => new object[] { minute.AddMinutes(i - values.Length + 1).ToString("yyyy-MM-ddTHH:mm:ssZ"), v })];
    }

    /// <summary>One series of a <c>kpis_update</c>.</summary>
    public static object Series(string name, Dictionary<string, string> labels, string kind, double value, DateTime now,
        double? rate = null, string? unit = null, bool stale = false, object[][]? history = null)
    {
        var key = labels.Count == 0 ? name
            : name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
        return new
        {
            name, labels, key, kind, value,
            total = kind == "counter" ? value : (double?)null,
            ratePerMinute = kind == "counter" ? rate ?? 0 : (double?)null,
            unit,
            updatedAt = now.AddSeconds(-5),
            lastReportAt = now.AddSeconds(stale ? -900 : -2),
            stale,
            history = history ?? History(now, value),
        };
    }

    /// <summary>A <c>kpis_update</c> computed at <paramref name="now"/>.</summary>
    public static object Update(DateTime now, params object[] series) => new
    {
        timeZone = "UTC", windowStart = now.Date, seriesCount = series.Length, truncated = false, series, computedAt = now,
    };

    /// <summary>Publishes <paramref name="update"/> on <c>kpis</c> as a snapshot.</summary>
    public static Task PublishKpisAsync(DashboardServer server, string tenant, object update) =>
        server.PublishAsync(tenant, "kpis", "kpis_update", update, isSnapshot: true);

    /// <summary>One activity entry.</summary>
    public static object Entry(string eventId, string type, string domain, string summary, DateTime time, string severity = "info", string source = "urn:test") =>
        new { eventId, source, type, domain, subject = eventId, summary, severity, time };

    /// <summary>Publishes one live entry (or a coalesced <c>{items, count}</c>) on <c>activity</c>.</summary>
    public static Task PublishActivityAsync(DashboardServer server, string tenant, object data) =>
        server.PublishAsync(tenant, "activity", "activity", data, isSnapshot: false);

    /// <summary>Publishes the topic's snapshot: <paramref name="items"/> newest first.</summary>
    public static Task PublishActivitySnapshotAsync(DashboardServer server, string tenant, params object[] items) =>
        server.PublishAsync(tenant, "activity", "activity", new { items, count = items.Length }, isSnapshot: true);
}

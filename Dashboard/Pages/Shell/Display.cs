using System.Globalization;
using System.Text.Json;

namespace Dashboard.Pages.Shell;

/// <summary>
/// The server-side number and time formats of every page's first view, the same text <c>wwwroot/js/format.js</c>
/// writes for live updates (so nothing jumps when the script takes over). Missing values show as "—".
/// </summary>
internal static class Display
{
    /// <summary>Shown for a missing value or a <c>null</c> ratio.</summary>
    public const string None = "—";

    /// <summary>1234.4 → "1,234".</summary>
    public static string Integer(double? v) =>
        v is { } n && double.IsFinite(n) ? Math.Round(n, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture) : None;

    /// <summary>Two decimals: 1.5 → "1.50".</summary>
    public static string Rate(double? v) => v is { } n && double.IsFinite(n) ? n.ToString("F2", CultureInfo.InvariantCulture) : None;

    /// <summary>A ratio 0..1 → "55.0 %".</summary>
    public static string Percent(double? v) => v is { } n && double.IsFinite(n) ? (n * 100).ToString("F1", CultureInfo.InvariantCulture) + " %" : None;

    /// <summary>A duration in seconds: 75 → "1:15", 3725 → "1:02:05".</summary>
    public static string Seconds(double? v)
    {
        if (v is not { } n || !double.IsFinite(n))
        {
            return None;
        }

        var sign = n < 0 ? "-" : "";
        var t = (long)Math.Round(Math.Abs(n), MidpointRounding.AwayFromZero);
        var (h, m, s) = (t / 3600, t % 3600 / 60, t % 60);
        return h > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{h}:{m:00}:{s:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{m}:{s:00}");
    }

    /// <summary>ISO 8601 UTC with milliseconds, for <c>&lt;time datetime&gt;</c> and <c>data-*</c> attributes.</summary>
    public static string Iso(DateTime? utc) => utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "";

    /// <summary>A UTC time of day, "14:05:09 UTC" (the script rewrites it in the browser's time zone).</summary>
    public static string Time(DateTime? utc) => utc is { } t ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : None;

    /// <summary>
    /// <paramref name="value"/> as JSON with the REST reports' options, safe inside <c>&lt;script type="application/json"&gt;</c>
    /// (every <c>&lt;</c> escaped), so the script reads the first view exactly as it would read the reports.
    /// </summary>
    public static string EmbeddedJson(object value, JsonSerializerOptions options) =>
        ScriptSafe(JsonSerializer.Serialize(value, options));

    /// <summary>JSON text made safe inside <c>&lt;script type="application/json"&gt;</c>: every <c>&lt;</c> escaped.</summary>
    public static string ScriptSafe(string json) => json.Replace("<", "\\u003c", StringComparison.Ordinal);
}

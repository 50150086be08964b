using System.Globalization;
using Dashboard.Pages.Shell;

namespace Dashboard.Pages.Queues;

/// <summary>
/// The server-rendered first view's number formats and threshold levels: exactly what <c>wwwroot/js/format.js</c>,
/// <c>queue-view.js</c> and <c>thresholds.js</c> produce for live updates, so nothing jumps when the script takes over.
/// </summary>
internal static class QueueFormat
{
    /// <summary>Shown for a missing value or a <c>null</c> ratio.</summary>
    public const string None = "—";

    /// <summary>The agent statuses in display order, with the label shown beside the colour.</summary>
    public static IReadOnlyList<(string Key, string Label)> Statuses { get; } =
    [
        ("available", "Available"),
        ("on_call", "On call"),
        ("after_call_work", "After-call work"),
        ("busy", "Busy"),
        ("offline", "Offline"),
    ];

    /// <summary>The label of a status key; the key itself when unknown.</summary>
    public static string StatusLabel(string? status) =>
        Statuses.FirstOrDefault(s => s.Key == status).Label ?? status ?? None;

    /// <summary>1234 → "1,234".</summary>
    public static string Integer(double? v) =>
        v is { } x && double.IsFinite(x) ? Math.Round(x, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture) : None;

    /// <summary>A ratio 0..1 → "55.0 %".</summary>
    public static string Percent(double? v) =>
        v is { } x && double.IsFinite(x) ? (x * 100).ToString("F1", CultureInfo.InvariantCulture) + " %" : None;

    /// <summary>Service level against its threshold T: "82 % in 20 s" (whole percent, as wallboards show it).</summary>
    public static string ServiceLevel(double? v, int thresholdSeconds) =>
        v is { } x && double.IsFinite(x)
            ? $"{Math.Round(x * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)} % in {thresholdSeconds.ToString(CultureInfo.InvariantCulture)} s"
            : None;

    /// <summary>A duration: 75 → "1:15", 3725 → "1:02:05".</summary>
    public static string Seconds(double? v)
    {
        if (v is not { } x || !double.IsFinite(x))
        {
            return None;
        }

        var sign = x < 0 ? "-" : "";
        var t = (long)Math.Round(Math.Abs(x), MidpointRounding.AwayFromZero);
        var (h, m, s) = (t / 3600, t % 3600 / 60, t % 60);
        return h > 0 ? $"{sign}{h}:{m:00}:{s:00}" : $"{sign}{m}:{s:00}";
    }

    /// <summary>"ok" | "warning" | "critical" for <paramref name="value"/> of <paramref name="metric"/>, or null (thresholds.js levelOf).</summary>
    public static string? Level(PagesOptions options, string metric, double? value)
    {
        if (value is not { } v || !double.IsFinite(v) || !options.Thresholds.TryGetValue(metric, out var t)
            || t.Warning is not { } warning || t.Critical is not { } critical)
        {
            return null;
        }

        bool Worse(double limit) => t.Direction == "below" ? v <= limit : v >= limit;
        return Worse(critical) ? "critical" : Worse(warning) ? "warning" : "ok";
    }
}

using System.Globalization;
using Dashboard.Pages.Shell;

namespace Dashboard.Pages.Queues;

/// <summary>
/// The queue pages' own first-view formats and threshold levels (the shared number formats are <see cref="Display"/>):
/// exactly what <c>queue-view.js</c> and <c>thresholds.js</c> produce for live updates, so nothing jumps when the script takes over.
/// </summary>
internal static class QueueFormat
{
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
        Statuses.FirstOrDefault(s => s.Key == status).Label ?? status ?? Display.None;

    /// <summary>Service level against its threshold T: "82 % in 20 s" (whole percent, as wallboards show it).</summary>
    public static string ServiceLevel(double? v, int thresholdSeconds) =>
        v is { } x && double.IsFinite(x)
            ? $"{Math.Round(x * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)} % in {thresholdSeconds.ToString(CultureInfo.InvariantCulture)} s"
            : Display.None;

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

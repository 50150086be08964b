using System.Globalization;
using Dashboard.Alerts.State;

namespace Dashboard.Alerts.Evaluation;

/// <summary>
/// The title and message of a rule notification (docs/alert-states.md, "Notifications"), within the bounds of a
/// notification: title at most 200 characters, message at most 2,000.
/// </summary>
internal static class AlertNotificationText
{
    /// <summary>Where a rule notification links to: the Alerts page.</summary>
    public const string ActionUrl = "/alerts";

    /// <summary>The title: what happened and the rule's name, e.g. <c>Critical: Longest wait</c>.</summary>
    public static string Title(string notification, string level, AlertRule rule) => Bound(notification switch
    {
        "firing" => level == AlertLevels.Critical ? "Critical: " : "Warning: ",
        "escalated" => "Escalated to critical: ",
        "deescalated" => "De-escalated to warning: ",
        _ => "Resolved: ",
    } + rule.Name, 200);

    /// <summary>
    /// The message: the metric with its labels, the value, and the threshold crossed or that it is back within them; for no
    /// data (a rule whose <c>noData</c> is <c>alerting</c> or <c>ok</c>), that it has no data and the rule's setting.
    /// </summary>
    public static string Message(string notification, AlertInstanceRow row, AlertRule rule)
    {
        var subject = rule.Metric + row.LabelKey;
        if (row.Value is not { } v)
        {
            return Bound($"{subject} has no data (the rule's noData is {rule.NoData}).", 2000);
        }

        var value = $"{subject} is {Number(v)}";
        if (notification == "resolved")
        {
            return Bound($"{value}: back within the thresholds.", 2000);
        }

        var threshold = row.Level == AlertLevels.Critical ? rule.Critical : rule.Warning;
        return Bound(threshold is { } t ? $"{value} ({rule.Direction} the {row.Level} threshold {Number(t)})." : $"{value}.", 2000);
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Bound(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

using Dashboard.Kpis;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Ingestion;

/// <summary>
/// The bounds of the KPI and notification types (docs/limits.md), which are stored before the features
/// that read them exist: their key identifiers are required and every identifier and free-text member keeps
/// <see cref="TextRules"/>, so no accepted event of these types can later break a fold, a topic or a key. Members not
/// named here (numbers, enums) get their rules with their feature.
/// </summary>
internal static partial class EventCatalogue
{
    // Prometheus data model: metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*.
    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();

    private static void AddBoundsRules(Dictionary<string, Action<JsonElement, EventErrorCollector>?> rules)
    {
        rules["metric.reported"] = ValidateMetricReported;
        rules["notification.created"] = (data, errors) =>
        {
            JsonFields.RequiredText(data, "title", errors);
            JsonFields.RequiredText(data, "message", errors, multiline: true);
            JsonFields.OptionalText(data, "category", errors);
            JsonFields.OptionalText(data, "actionUrl", errors);
        };
    }

    // Most of these types only name identifiers; errors come in this order: required members, then optional ones.
    private static Action<JsonElement, EventErrorCollector> Identifiers(string[] required, string[]? optional = null) =>
        (data, errors) =>
        {
            foreach (var member in required)
            {
                JsonFields.RequiredIdentifier(data, member, errors);
            }

            foreach (var member in optional ?? [])
            {
                JsonFields.OptionalIdentifier(data, member, errors);
            }
        };

    // {name, value, kind?, labels?} (docs/events.md §5): the series key is (name, labels), so both are identifiers.
    private static void ValidateMetricReported(JsonElement data, EventErrorCollector errors)
    {
        if (JsonFields.RequiredIdentifier(data, "name", errors) is { } name && !MetricName().IsMatch(name))
        {
            errors.Add("data.name", "must be a Prometheus metric name: [a-zA-Z_:][a-zA-Z0-9_:]*");
        }

        var kind = JsonFields.OptionalEnum(data, "kind", KpiKinds.All, errors) ?? KpiKinds.Gauge;
        MetricValue(data, kind, errors);
        MetricLabels(data, errors);
    }

    // A finite number within ±MaxMetricValue (a counter's delta: 0 to MaxMetricValue), so no sum of reports the fold
    // keeps can overflow a double precision column, and integers stay exact up to 2^53.
    private static void MetricValue(JsonElement data, string kind, EventErrorCollector errors)
    {
        var range = kind == KpiKinds.Counter
            ? "a JSON number from 0 to 10^15 (a counter's report is the increase since its previous report)"
            : "a JSON number from -10^15 to 10^15";
        if (!data.TryGetProperty("value", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("data.value", "is required: " + range);
        }
        else if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number)
                 || Math.Abs(number) > EventLimits.MaxMetricValue || (kind == KpiKinds.Counter && number < 0))
        {
            errors.Add("data.value", "must be " + range);
        }
    }

    private static void MetricLabels(JsonElement data, EventErrorCollector errors)
    {
        if (!data.TryGetProperty("labels", out var labels) || labels.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (labels.ValueKind != JsonValueKind.Object)
        {
            errors.Add("data.labels", "must be an object of label names to string values");
            return;
        }

        var count = 0;
        foreach (var _ in labels.EnumerateObject())
        {
            count++;
        }

        if (count > EventLimits.MaxLabels)
        {
            errors.Add("data.labels", $"must hold at most {EventLimits.MaxLabels} labels; got {count}");
            return;
        }

        foreach (var label in labels.EnumerateObject())
        {
            // FindUnstorableText already refused names that are not valid Unicode, so Name cannot throw here. The pattern
            // admits ASCII only, so characters are bytes.
            var labelName = label.Name;
            if (!LabelName().IsMatch(labelName))
            {
                errors.Add("data.labels", $"label name '{TextRules.Shown(labelName)}' must be a Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*");
                continue;
            }

            if (ReservedLabel(labelName) is { } reserved)
            {
                errors.Add("data.labels", $"label name '{TextRules.Shown(labelName)}' is reserved: {reserved}");
                continue;
            }

            if (labelName.Length > errors.Limits.MaxIdentifierBytes)
            {
                errors.Add("data.labels", $"label name '{TextRules.Shown(labelName)}' must be at most {errors.Limits.MaxIdentifierBytes} bytes (Ingestion:MaxIdentifierBytes); got {labelName.Length}");
                continue;
            }

            var field = "data.labels." + labelName;
            if (JsonFields.ReadString(label.Value, field, nonEmpty: true, errors) is { } value)
            {
                TextRules.Identifier(value, field, errors);
            }
        }
    }

    // Prometheus reserves names starting with __ for its own use; tenant and name are the labels of the exported
    // dashboard_kpi gauge itself (docs/metrics.md), so a report's label of that name would collide with them.
    private static string? ReservedLabel(string labelName) =>
        labelName.StartsWith("__", StringComparison.Ordinal) ? "names starting with __ are reserved by Prometheus"
        : labelName is "tenant" or "name" ? "tenant and name are the labels of the exported dashboard_kpi series"
        : null;
}

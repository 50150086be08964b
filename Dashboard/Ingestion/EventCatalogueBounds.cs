using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Ingestion;

/// <summary>
/// The bounds of the chat, commerce, KPI and notification types (docs/limits.md), which are stored before the features
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
        rules["chat.session_started"] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "sessionId", errors);
            JsonFields.OptionalIdentifier(data, "channel", errors);
        };
        rules["chat.session_assigned"] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "sessionId", errors);
            JsonFields.RequiredIdentifier(data, "agentId", errors);
        };
        rules["chat.session_closed"] = (data, errors) => JsonFields.RequiredIdentifier(data, "sessionId", errors);
        rules["chat.message"] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "sessionId", errors);
            JsonFields.RequiredIdentifier(data, "messageId", errors);
        };
        rules["chat.message_status"] = (data, errors) => JsonFields.RequiredIdentifier(data, "messageId", errors);
        rules["csat.submitted"] = (data, errors) =>
        {
            JsonFields.OptionalIdentifier(data, "sessionId", errors);
            JsonFields.OptionalIdentifier(data, "callId", errors);
            JsonFields.OptionalIdentifier(data, "agentId", errors);
        };
        rules["transaction.updated"] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "transactionId", errors);
            JsonFields.OptionalIdentifier(data, "currency", errors);
        };
        rules["user.active"] = (data, errors) => JsonFields.RequiredIdentifier(data, "userId", errors);
        rules["content.viewed"] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "contentId", errors);
            JsonFields.OptionalIdentifier(data, "userId", errors);
        };
        rules["content.purchased"] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "contentId", errors);
            JsonFields.OptionalIdentifier(data, "currency", errors);
        };
        rules["metric.reported"] = ValidateMetricReported;
        rules["notification.created"] = (data, errors) =>
        {
            JsonFields.RequiredText(data, "title", errors);
            JsonFields.RequiredText(data, "message", errors, multiline: true);
            JsonFields.OptionalText(data, "category", errors);
            JsonFields.OptionalText(data, "actionUrl", errors);
        };
    }

    // {name, value, kind?, labels?}: the series key is (name, labels), so both are identifiers.
    private static void ValidateMetricReported(JsonElement data, EventErrorCollector errors)
    {
        if (JsonFields.RequiredIdentifier(data, "name", errors) is { } name && !MetricName().IsMatch(name))
        {
            errors.Add("data.name", "must be a Prometheus metric name: [a-zA-Z_:][a-zA-Z0-9_:]*");
        }

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
}

using System.Text.Json;

namespace Dashboard.Alerts.Rules;

/// <summary>
/// Reads the JSON body of <c>POST</c> and <c>PUT /api/v1/alerts/rules</c> field by field, so a value of the wrong JSON
/// type is a 400 naming that field rather than a body the framework refuses as a whole. The read-only fields of a rule
/// (<c>source</c>, <c>version</c>, <c>createdAt</c>, <c>updatedAt</c>, <c>silencedUntil</c>, <c>silencedBy</c>) are
/// ignored, so a rule read with GET may be sent back edited; any other unknown field is refused.
/// </summary>
internal static class AlertRuleRequest
{
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal) { "source", "version", "createdAt", "updatedAt", "silencedUntil", "silencedBy" };

    /// <summary>The input of <paramref name="body"/>; errors keyed by JSON field name (<c>""</c> for the body itself).</summary>
    public static AlertRuleInput Read(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object (an alert rule, docs/alerts.md)."];
            return new AlertRuleInput(null, null, null, null, null, null, null, null, null, null, null, null);
        }

        string? String(string field) => Get(body, field) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            _ => Fail(errors, field, $"{field} must be a string."),
        };

        double? Number(string field) => Get(body, field) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } v when v.TryGetDouble(out var d) => d,
            _ => Fail<double?>(errors, field, $"{field} must be a number or null."),
        };

        int? Integer(string field) => Get(body, field) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var n) => n,
            _ => Fail<int?>(errors, field, $"{field} must be a whole number of seconds between 0 and {AlertRuleValidator.MaxPeriodSeconds}."),
        };

        Dictionary<string, string>? labels = null;
        if (Get(body, "labels") is { } labelObject)
        {
            if (labelObject.ValueKind != JsonValueKind.Object || labelObject.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
            {
                errors["labels"] = ["labels must be an object of label name to string value."];
            }
            else
            {
                labels = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in labelObject.EnumerateObject())
                {
                    if (!labels.TryAdd(pair.Name, pair.Value.GetString()!))
                    {
                        errors["labels"] = [$"label {pair.Name} is given twice."];
                    }
                }
            }
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!Known(property.Name) && !ReadOnly.Contains(property.Name))
            {
                var shown = property.Name.Length > 40 ? property.Name[..40] + "…" : property.Name;
                errors[shown] = [$"{shown} is not a field of an alert rule (docs/alerts.md, \"Rule reference\")."];
            }
        }

        return new AlertRuleInput(
            String("id"), String("name"), String("metric"), labels, String("direction"),
            Number("warning"), Number("critical"), Number("warningRecovery"), Number("criticalRecovery"),
            Integer("forSeconds"), Integer("keepFiringForSeconds"), String("noData"));
    }

    private static bool Known(string field) => field is "id" or "name" or "metric" or "labels" or "direction" or "warning" or "critical"
        or "warningRecovery" or "criticalRecovery" or "forSeconds" or "keepFiringForSeconds" or "noData";

    // The field's value; null when absent or JSON null (both mean "not given").
    private static JsonElement? Get(JsonElement body, string field) =>
        body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Fail(Dictionary<string, string[]> errors, string field, string message) => Fail<string?>(errors, field, message);

    private static T Fail<T>(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return default!;
    }
}

using System.Globalization;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// Strict readers for the members of an event's <c>data</c> object: a wrong JSON type is an error, never coerced
/// (a number is not a string, <c>"5"</c> is not a number). JSON <c>null</c> counts as absent for optional members.
/// Errors name the member as <c>data.&lt;name&gt;</c>.
/// </summary>
internal static class JsonFields
{
    /// <summary>A required identifier member (<see cref="TextRules.Identifier"/>: non-empty, bounded, no control characters).</summary>
    public static string? RequiredIdentifier(JsonElement data, string name, EventErrorCollector errors)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("data." + name, "is required: a non-empty string");
            return null;
        }

        return ReadIdentifier(value, "data." + name, errors);
    }

    /// <summary>An optional identifier member; when present it follows <see cref="TextRules.Identifier"/>.</summary>
    public static string? OptionalIdentifier(JsonElement data, string name, EventErrorCollector errors) =>
        data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? ReadIdentifier(value, "data." + name, errors)
            : null;

    /// <summary>A required free-text member (<see cref="TextRules.FreeText"/>); <paramref name="multiline"/> allows tab, LF and CR.</summary>
    public static string? RequiredText(JsonElement data, string name, EventErrorCollector errors, bool multiline = false)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("data." + name, "is required: a string");
            return null;
        }

        return ReadString(value, "data." + name, nonEmpty: false, errors) is { } text
            ? TextRules.FreeText(text, "data." + name, multiline, errors)
            : null;
    }

    /// <summary>An optional free-text member; when present it follows <see cref="TextRules.FreeText"/>.</summary>
    public static string? OptionalText(JsonElement data, string name, EventErrorCollector errors, bool multiline = false) =>
        data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && ReadString(value, "data." + name, nonEmpty: false, errors) is { } text
            ? TextRules.FreeText(text, "data." + name, multiline, errors)
            : null;

    /// <summary>A required string member whose value is one of <paramref name="allowed"/> (exact, case-sensitive).</summary>
    public static string? RequiredEnum(JsonElement data, string name, IReadOnlyList<string> allowed, EventErrorCollector errors)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("data." + name, "is required: one of " + string.Join(", ", allowed));
            return null;
        }

        return ReadEnum(value, "data." + name, allowed, errors);
    }

    /// <summary>An optional string member whose value, when present, is one of <paramref name="allowed"/>.</summary>
    public static string? OptionalEnum(JsonElement data, string name, IReadOnlyList<string> allowed, EventErrorCollector errors) =>
        data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? ReadEnum(value, "data." + name, allowed, errors)
            : null;

    /// <summary>An optional finite number ≥ 0 (e.g. a duration in seconds).</summary>
    /// <param name="data">The event's <c>data</c> object.</param>
    /// <param name="name">The member's name.</param>
    /// <param name="errors">Receives <c>data.&lt;name&gt;</c> with the range when the value breaks it.</param>
    /// <param name="max">The largest value accepted (a bound that keeps sums of many values finite).</param>
    public static void OptionalNonNegativeNumber(JsonElement data, string name, EventErrorCollector errors, double max)
    {
        if (data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number) || number < 0 || number > max))
        {
            errors.Add("data." + name, string.Create(CultureInfo.InvariantCulture, $"must be a number from 0 to {max}"));
        }
    }

    /// <summary>An optional integer ≥ 0 that fits in 64 bits (e.g. a count); <c>2.0</c> is accepted, <c>2.5</c> is not.</summary>
    /// <param name="data">The event's <c>data</c> object.</param>
    /// <param name="name">The member's name.</param>
    /// <param name="errors">Receives <c>data.&lt;name&gt;</c> with the range when the value breaks it.</param>
    /// <param name="max">The largest value accepted (e.g. what the column that stores it holds).</param>
    public static void OptionalNonNegativeInteger(JsonElement data, string name, EventErrorCollector errors, long max)
    {
        if (data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && (!IsNonNegativeInteger(value) || !value.TryGetDouble(out var number) || number > max))
        {
            errors.Add("data." + name, string.Create(CultureInfo.InvariantCulture, $"must be an integer from 0 to {max}"));
        }
    }

    /// <summary>An optional JSON boolean (<c>true</c>/<c>false</c>; <c>"true"</c> is an error).</summary>
    public static void OptionalBoolean(JsonElement data, string name, EventErrorCollector errors)
    {
        if (data.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("data." + name, "must be true or false");
        }
    }

    /// <summary>A required integer from <paramref name="min"/> to <paramref name="max"/> (<c>4.0</c> is accepted, <c>4.5</c> and <c>"4"</c> are not).</summary>
    public static void RequiredInteger(JsonElement data, string name, long min, long max, EventErrorCollector errors)
    {
        var range = string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}");
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("data." + name, "is required: " + range);
        }
        else if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || Math.Floor(number) != number || number < min || number > max)
        {
            errors.Add("data." + name, "must be " + range);
        }
    }

    /// <summary>
    /// An optional array of identifiers (e.g. an agent's queue names) of at most <c>Ingestion:MaxListEntries</c> entries;
    /// an entry that is not an identifier is an error named <c>data.&lt;name&gt;[i]</c>.
    /// </summary>
    public static void OptionalIdentifierList(JsonElement data, string name, EventErrorCollector errors)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("data." + name, "must be an array of non-empty strings");
            return;
        }

        var count = value.GetArrayLength();
        if (count > errors.Limits.MaxListEntries)
        {
            errors.Add("data." + name, $"must hold at most {errors.Limits.MaxListEntries} entries (Ingestion:MaxListEntries); got {count}");
            return;
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            ReadIdentifier(item, $"data.{name}[{i++}]", errors);
        }
    }

    /// <summary>
    /// Reads a JSON string as UTF-16. False for escapes that are not valid Unicode (a lone surrogate, <c>\u0000</c>),
    /// which PostgreSQL's <c>text</c> and <c>jsonb</c> cannot store.
    /// </summary>
    public static bool TryGetText(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }

        return !text.Contains('\0', StringComparison.Ordinal);
    }

    /// <summary>
    /// The path (from <paramref name="path"/>, e.g. <c>data.queues[1]</c>) of the first string inside
    /// <paramref name="element"/> that is not storable text, or of the object whose member name is not; null when all are.
    /// </summary>
    public static string? FindUnstorableText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryGetText(element, out _) ? null : path;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnstorableText(item, $"{path}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path;
                    }

                    if (name.Contains('\0', StringComparison.Ordinal))
                    {
                        return path;
                    }

                    if (FindUnstorableText(property.Value, path.Length == 0 ? name : $"{path}.{TextRules.Shown(name)}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsNonNegativeInteger(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (value.TryGetInt64(out var whole))
        {
            return whole >= 0;
        }

        return value.TryGetDouble(out var number) && double.IsFinite(number) && number >= 0 && number <= long.MaxValue && Math.Floor(number) == number;
    }

    /// <summary>The JSON string <paramref name="value"/> as text; null (one error added) for another JSON type, invalid Unicode, or empty when <paramref name="nonEmpty"/>.</summary>
    internal static string? ReadString(JsonElement value, string field, bool nonEmpty, EventErrorCollector errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, nonEmpty ? "must be a non-empty string" : "must be a string");
            return null;
        }

        if (!TryGetText(value, out var text))
        {
            errors.Add(field, "must be valid Unicode text without NUL characters");
            return null;
        }

        if (nonEmpty && text.Length == 0)
        {
            errors.Add(field, "must be a non-empty string");
            return null;
        }

        return text;
    }

    private static string? ReadIdentifier(JsonElement value, string field, EventErrorCollector errors) =>
        ReadString(value, field, nonEmpty: true, errors) is { } text ? TextRules.Identifier(text, field, errors) : null;

    private static string? ReadEnum(JsonElement value, string field, IReadOnlyList<string> allowed, EventErrorCollector errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            foreach (var candidate in allowed)
            {
                if (value.ValueEquals(candidate))
                {
                    return candidate;
                }
            }
        }

        errors.Add(field, "must be one of " + string.Join(", ", allowed));
        return null;
    }
}

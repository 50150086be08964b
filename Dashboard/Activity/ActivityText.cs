using System.Globalization;
using System.Text.Json;

namespace Dashboard.Activity;

/// <summary>Reading an event's data and writing the pieces every summary shares (docs/activity.md).</summary>
internal static class ActivityText
{
    /// <summary>A string member, or null when absent or not a string.</summary>
    public static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A number member, or null.</summary>
    public static double? Number(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;

    /// <summary>A boolean member, or null.</summary>
    public static bool? Flag(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>
    /// A money amount as sent, with at least two decimals (<c>12.5</c> → <c>12.50</c>, <c>3</c> → <c>3.00</c>,
    /// <c>0.125</c> stays); null when absent or not a number.
    /// </summary>
    public static string? Amount(JsonElement data, string name)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        return v.TryGetDecimal(out var m) ? m.ToString("0.00############", CultureInfo.InvariantCulture) : v.GetRawText();
    }

    /// <summary>A plain number: shortest round-trip form, invariant (<c>12</c>, <c>0.5</c>, <c>1E+21</c>).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A duration as a clock: <c>0:42</c>, <c>12:30</c>, <c>1:02:03</c>; null when negative (the context is out of
    /// order: an earlier event arrived with a later time) or longer than a week (not a meaningful wait).
    /// </summary>
    public static string? Clock(TimeSpan span)
    {
        if (span < TimeSpan.Zero || span > TimeSpan.FromDays(7))
        {
            return null;
        }

        var seconds = (long)Math.Round(span.TotalSeconds, MidpointRounding.AwayFromZero);
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{h}:{m:00}:{s:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{m}:{s:00}");
    }

    /// <summary>
    /// The clock of <paramref name="to"/> − <paramref name="from"/>; null when <paramref name="from"/> is unknown or the span
    /// is under a second (events sent together without times all carry the request's arrival time: "after 0:00" says nothing).
    /// </summary>
    public static string? Clock(DateTimeOffset? from, DateTimeOffset to) =>
        from is { } f && to - f >= TimeSpan.FromSeconds(1) ? Clock(to - f) : null;

    /// <summary>
    /// <paramref name="text"/> cut to <see cref="ActivityMessages.MaxTextLength"/> characters, ending in <c>…</c> when cut
    /// (never inside a surrogate pair); null stays null.
    /// </summary>
    public static string? Cut(string? text)
    {
        const int max = ActivityMessages.MaxTextLength;
        if (text is null || text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}

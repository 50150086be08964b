using Microsoft.Net.Http.Headers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Ingestion;

/// <summary>The optional and extension attributes of CloudEvents 1.0 §3.1–3.2.</summary>
internal static partial class CloudEventValidator
{
    /// <summary>RFC 3339 §5.6 <c>date-time</c>: full-date "T" full-time, with "Z" or a numeric offset.</summary>
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    /// <summary>CloudEvents 1.0 §3.1.1: attribute names are lower-case ASCII letters and digits.</summary>
    [GeneratedRegex(@"^[a-z0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeName();

    private static bool TryGetName(JsonProperty attribute, out string name)
    {
        try
        {
            name = attribute.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate cannot become a .NET string; such a name is never a valid attribute name.
            name = "";
            return false;
        }
    }

    private static DateTimeOffset? ReadTime(JsonElement value, EventErrorCollector errors)
    {
        const string Rule = "must be an RFC 3339 date-time string, e.g. 2026-01-31T12:00:00Z";
        if (value.ValueKind != JsonValueKind.String || !JsonFields.TryGetText(value, out var text))
        {
            errors.Add("time", Rule);
            return null;
        }

        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            errors.Add("time", Rule);
            return null;
        }

        int Part(int group) => int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        try
        {
            var offset = TimeSpan.Zero;
            if (match.Groups[8].Success)
            {
                var (hours, minutes) = (Part(9), Part(10));
                if (hours > 23 || minutes > 59)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "offset");
                }

                offset = new TimeSpan(hours, minutes, 0) * (match.Groups[8].ValueSpan[0] == '-' ? -1 : 1);
            }

            var parsed = new DateTimeOffset(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), offset);
            if (match.Groups[7].Success)
            {
                // .NET keeps 100 ns ticks: the first 7 fraction digits; finer digits are dropped, not rounded.
                var fraction = match.Groups[7].Value;
                fraction = fraction.Length >= 7 ? fraction[..7] : fraction.PadRight(7, '0');
                parsed = parsed.AddTicks(long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture));
            }

            return parsed;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Month 13, February 30, second 60 (a leap second .NET cannot represent), an offset beyond ±14:00.
            errors.Add("time", "is not a valid RFC 3339 date-time (out-of-range date, time or offset)");
            return null;
        }
    }

    /// <summary>
    /// <c>time</c> within [arrival − <c>MaxAgeDays</c>, arrival + <c>MaxFutureSkew</c>] (docs/limits.md): an event from
    /// the future would keep a call active and a rate non-zero until then, and one older than retention would be deleted
    /// as soon as it is folded.
    /// </summary>
    internal static void CheckTimeBounds(DateTimeOffset time, DateTimeOffset arrival, EventErrorCollector errors)
    {
        var limits = errors.Limits;
        if (time > arrival + limits.MaxFutureSkew)
        {
            errors.Add("time", string.Create(CultureInfo.InvariantCulture,
                $"must be at most {limits.MaxFutureSkew.TotalSeconds:0} s after the server's clock (Ingestion:MaxFutureSkewSeconds); got {time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, {(time - arrival).TotalSeconds:0} s ahead"));
        }
        else if (time < arrival.AddDays(-limits.MaxAgeDays))
        {
            errors.Add("time", string.Create(CultureInfo.InvariantCulture,
                $"must be at most {limits.MaxAgeDays} days before the server's clock (Ingestion:MaxEventAgeDays, default Retention:Days); got {time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
        }
    }

    private static void CheckDataContentType(JsonElement value, EventErrorCollector errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        // Structured JSON mode carries data as JSON, so only JSON media types (RFC 8259, RFC 6839 "+json") are consistent.
        if (value.ValueKind != JsonValueKind.String
            || !JsonFields.TryGetText(value, out var text)
            || !MediaTypeHeaderValue.TryParse(text, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.MediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("datacontenttype", "must be a JSON media type (application/json or */*+json): data is accepted only as JSON");
        }
    }

    private static void CheckDataSchema(JsonElement value, EventErrorCollector errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.String || !JsonFields.TryGetText(value, out var text) || !Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            errors.Add("dataschema", "must be an absolute URI string");
        }
    }

    private static void CheckExtension(string name, JsonElement value, EventErrorCollector errors)
    {
        if (!AttributeName().IsMatch(name))
        {
            errors.Add(TextRules.Shown(name), "is not a valid attribute name: lower-case ASCII letters and digits only (CloudEvents 1.0 §3.1.1)");
            return;
        }

        // CloudEvents JSON format §2.2: extension values are JSON strings, numbers or booleans. They are accepted and not stored.
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            errors.Add(name, "extension attributes must be strings, numbers or booleans");
        }
    }
}

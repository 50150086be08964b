using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Realtime;

/// <summary>
/// Every timestamp the server writes as JSON is UTC with <c>Z</c> (docs/api.md, docs/protocol.md "Envelope"), whatever
/// the value's <see cref="DateTimeKind"/> or offset. The database's <c>timestamptz</c> values are UTC, but Npgsql reads
/// <c>-infinity</c> and <c>infinity</c> as <see cref="DateTime.MinValue"/> and <see cref="DateTime.MaxValue"/>, whose
/// kind is <see cref="DateTimeKind.Unspecified"/>, which System.Text.Json would write without a zone.
/// </summary>
public static class UtcTimestampConverters
{
    /// <summary>Adds both converters to <paramref name="options"/> (before it is made read-only).</summary>
    public static void AddTo(JsonSerializerOptions options)
    {
        options.Converters.Add(new UtcDateTimeConverter());
        options.Converters.Add(new UtcDateTimeOffsetConverter());
    }

    /// <summary>
    /// <paramref name="value"/> as UTC: a <see cref="DateTimeKind.Local"/> value is converted, an
    /// <see cref="DateTimeKind.Unspecified"/> one (how storage hands back infinities) is taken as UTC.
    /// </summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>Writes a <see cref="DateTime"/> as ISO 8601 UTC with <c>Z</c>; reads any ISO 8601 value.</summary>
    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(AsUtc(value));
    }

    /// <summary>Writes a <see cref="DateTimeOffset"/> as its UTC instant with <c>Z</c> (never <c>+00:00</c> or another offset).</summary>
    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.UtcDateTime);
    }
}

using Dashboard.Realtime;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Simulation;

/// <summary>
/// Writes simulated events as a CloudEvents 1.0 JSON batch (<c>application/cloudevents-batch+json</c>, CloudEvents JSON
/// Event Format §4), the body <c>POST /api/v1/events</c> accepts (docs/protocol.md §7).
/// </summary>
internal static class CloudEventBatch
{
    /// <summary>The batch media type (CloudEvents JSON Event Format §4).</summary>
    public const string MediaType = "application/cloudevents-batch+json";

    /// <summary>The <c>source</c> attribute of every simulated event.</summary>
    public const string Source = "urn:dashboard:simulator";

    // camelCase like the rest of the wire format; optional data members are left out rather than sent as null.
    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serialises <paramref name="events"/> as a JSON array of structured-mode CloudEvents.</summary>
    public static byte[] Serialize(IEnumerable<SimulatedEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                writer.WriteStartObject();
                writer.WriteString("specversion", "1.0");
                writer.WriteString("id", e.Id);
                writer.WriteString("source", Source);
                writer.WriteString("type", e.Type);
                writer.WriteString("subject", e.Subject);
                writer.WriteString("time", HubEnvelope.FormatTimestamp(e.Time));
                writer.WriteString("datacontenttype", "application/json");
                writer.WritePropertyName("data");
                JsonSerializer.Serialize(writer, e.Data, e.Data.GetType(), DataOptions);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

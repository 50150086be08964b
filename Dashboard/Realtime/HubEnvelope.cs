using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dashboard.Realtime;

/// <summary>
/// Writes the data-message envelope of docs/protocol.md §3.8, <c>{"type":"…","topic":"…","seq":N,"ts":"…","data":{…}}</c>,
/// in two parts around the seq, because the seq is assigned by the database after serialisation.
/// </summary>
public static class HubEnvelope
{
    private static readonly byte[] SeqProperty = ",\"seq\":"u8.ToArray();

    /// <summary>Formats a time as the protocol's <c>ts</c>: ISO 8601 UTC with milliseconds.</summary>
    public static string FormatTimestamp(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The envelope around its seq: <paramref name="head"/> is <c>{"type":"…","topic":"…","seq":</c> and
    /// <paramref name="tail"/> is <c>,"ts":"…","data":…}</c>, with <paramref name="data"/> serialised once.
    /// </summary>
    /// <param name="type">Message type.</param>
    /// <param name="topic">Topic name (JSON-escaped here).</param>
    /// <param name="ts">Publication time; written with millisecond precision.</param>
    /// <param name="data">Serialised with <see cref="JsonDefaults.Options"/>.</param>
    /// <param name="head">Everything before the seq digits.</param>
    /// <param name="tail">Everything after them.</param>
    public static void Split(string type, string topic, DateTimeOffset ts, object data, out byte[] head, out byte[] tail)
    {
        var buffer = new ArrayBufferWriter<byte>(type.Length + (topic.Length * 6) + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("topic", topic);
            writer.Flush();
        }

        head = [.. buffer.WrittenSpan, .. SeqProperty];

        var payload = JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), JsonDefaults.Options);
        var prefix = Encoding.UTF8.GetBytes(",\"ts\":\"" + FormatTimestamp(ts) + "\",\"data\":");
        tail = new byte[prefix.Length + payload.Length + 1];
        prefix.CopyTo(tail, 0);
        payload.CopyTo(tail, prefix.Length);
        tail[^1] = (byte)'}';
    }

    /// <summary>The whole envelope with its seq (for messages sequenced outside the database, e.g. in tests).</summary>
    public static byte[] Write(string type, string topic, long seq, DateTimeOffset ts, object data)
    {
        Split(type, topic, ts, data, out var head, out var tail);
        return [.. head, .. Encoding.ASCII.GetBytes(seq.ToString(CultureInfo.InvariantCulture)), .. tail];
    }
}

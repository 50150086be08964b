using System.Text;
using System.Text.Json;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// A NOTIFY payload on <see cref="BackplaneStore.Channel"/>: a header line
/// <c>["tenant","topic",seq,"type",isSnapshot,tsUnixMs]</c>, then, when it fit under the NOTIFY size limit, a newline and
/// the UTF-8 envelope clients receive. JSON strings never contain a raw newline, so the first one separates them.
/// </summary>
internal readonly record struct BackplaneNotification(
    string Tenant, string Topic, long Seq, string Type, bool IsSnapshot, DateTimeOffset Timestamp, byte[]? Envelope)
{
    /// <summary>Parses a payload written by <see cref="BackplaneStore.AppendAsync"/>.</summary>
    /// <exception cref="FormatException">Not a backplane payload.</exception>
    public static BackplaneNotification Parse(string payload)
    {
        var newline = payload.IndexOf('\n', StringComparison.Ordinal);
        var header = newline < 0 ? payload : payload[..newline];
        try
        {
            using var doc = JsonDocument.Parse(header);
            var a = doc.RootElement;
            if (a.ValueKind != JsonValueKind.Array || a.GetArrayLength() != 6)
            {
                throw new FormatException("Backplane header is not a 6-element array.");
            }

            if (a[0].GetString() is not { Length: > 0 } || a[1].GetString() is not { Length: > 0 } || a[3].GetString() is null || a[2].GetInt64() < 1)
            {
                throw new FormatException("Backplane header names no stream.");
            }

            return new BackplaneNotification(
                a[0].GetString()!,
                a[1].GetString()!,
                a[2].GetInt64(),
                a[3].GetString()!,
                a[4].GetBoolean(),
                DateTimeOffset.FromUnixTimeMilliseconds(a[5].GetInt64()),
                newline < 0 ? null : Encoding.UTF8.GetBytes(payload, newline + 1, payload.Length - newline - 1));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new FormatException("Backplane header is not valid JSON.", ex);
        }
    }

    /// <summary>The hub message, when the envelope came inline.</summary>
    public HubMessage? ToMessage() => Envelope is null ? null : new HubMessage
    {
        Tenant = Tenant,
        Topic = Topic,
        Seq = Seq,
        Type = Type,
        IsSnapshot = IsSnapshot,
        Timestamp = Timestamp,
        Json = Envelope,
    };
}

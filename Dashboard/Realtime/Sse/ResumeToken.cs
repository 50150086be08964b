using System.Buffers.Text;
using System.Text.Json;

namespace Dashboard.Realtime.Sse;

/// <summary>
/// The SSE <c>id:</c> value (docs/protocol.md §4): one opaque token covering every topic of the stream, so that
/// <c>Last-Event-ID</c> resumes all of them. It is base64url (RFC 4648 §5) of a JSON object <c>{"topic":lastSeq,…}</c>.
/// </summary>
internal static class ResumeToken
{
    public static string Format(IReadOnlyDictionary<string, long> positions)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(positions);
        return Base64Url.EncodeToString(json);
    }

    /// <summary>Parses a token; false when it is not one this server wrote.</summary>
    public static bool TryParse(string? token, out Dictionary<string, long> positions)
    {
        positions = new Dictionary<string, long>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(token) || token.Length > 16 * 1024)
        {
            return false;
        }

        try
        {
            var json = Base64Url.DecodeFromChars(token);
            var parsed = JsonSerializer.Deserialize<Dictionary<string, long>>(json);
            if (parsed is null || parsed.Values.Any(v => v < 0))
            {
                return false;
            }

            foreach (var (topic, seq) in parsed)
            {
                positions[topic] = seq;
            }

            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}

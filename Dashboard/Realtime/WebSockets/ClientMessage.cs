using System.Text.Json;

namespace Dashboard.Realtime.WebSockets;

/// <summary>An inbound protocol message (docs/protocol.md §3): its <c>type</c>, optional <c>id</c> and the fields each type uses.</summary>
internal sealed class ClientMessage
{
    public required string Type { get; init; }
    public string? Id { get; init; }
    public string? Token { get; init; }
    public string? Topic { get; init; }
    public IReadOnlyList<string>? Topics { get; init; }
    public IReadOnlyDictionary<string, long>? Since { get; init; }

    /// <summary>
    /// Parses one text frame. Returns null when it is not a JSON object with a string <c>type</c> (close 4000);
    /// sets <paramref name="badField"/> when a known field has the wrong shape (error <c>bad_request</c>).
    /// </summary>
    public static ClientMessage? Parse(ReadOnlySpan<byte> utf8, out string? badField)
    {
        badField = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeEl) || typeEl.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            string? id = null, token = null, topic = null;
            List<string>? topics = null;
            Dictionary<string, long>? since = null;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "id":
                        id = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                        badField ??= p.Value.ValueKind is JsonValueKind.String ? null : "id";
                        break;
                    case "token":
                        token = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                        badField ??= p.Value.ValueKind is JsonValueKind.String ? null : "token";
                        break;
                    case "topic":
                        topic = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                        badField ??= p.Value.ValueKind is JsonValueKind.String ? null : "topic";
                        break;
                    case "topics":
                        if (p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                        {
                            topics = p.Value.EnumerateArray().Select(e => e.GetString()!).ToList();
                        }
                        else
                        {
                            badField ??= "topics";
                        }

                        break;
                    case "since":
                        if (p.Value.ValueKind == JsonValueKind.Object)
                        {
                            since = new Dictionary<string, long>(StringComparer.Ordinal);
                            foreach (var s in p.Value.EnumerateObject())
                            {
                                if (s.Value.ValueKind == JsonValueKind.Number && s.Value.TryGetInt64(out var seq) && seq >= 0)
                                {
                                    since[s.Name] = seq;
                                }
                                else
                                {
                                    badField ??= "since." + s.Name;
                                }
                            }
                        }
                        else if (p.Value.ValueKind != JsonValueKind.Null)
                        {
                            badField ??= "since";
                        }

                        break;
                }
            }

            return new ClientMessage { Type = typeEl.GetString()!, Id = id, Token = token, Topic = topic, Topics = topics, Since = since };
        }
    }
}

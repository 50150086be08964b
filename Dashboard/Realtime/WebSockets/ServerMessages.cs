using System.Buffers;
using System.Text.Json;

namespace Dashboard.Realtime.WebSockets;

/// <summary>Writes the connection-specific server messages of docs/protocol.md §3 (every one carries <c>ts</c>).</summary>
internal static class ServerMessages
{
    public static byte[] AuthSuccess(string connectionId, Auth.TokenPrincipal principal, int heartbeatSeconds, DateTimeOffset now) =>
        Write("auth_success", null, now, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("connectionId", connectionId);
            w.WriteString("tenant", principal.Tenant);
            w.WriteString("user", principal.Subject);
            w.WriteNumber("heartbeatSeconds", heartbeatSeconds);
            w.WriteString("expiresAt", HubEnvelope.FormatTimestamp(principal.ExpiresAt));
            w.WriteEndObject();
        });

    public static byte[] Error(string? id, string code, string message, DateTimeOffset now, string? topic = null) =>
        Write("error", id, now, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("code", code);
            w.WriteString("message", message);
            if (topic is not null)
            {
                w.WriteString("topic", topic);
            }

            w.WriteEndObject();
        });

    public static byte[] Subscribed(string? id, string topic, long seq, DateTimeOffset now) =>
        Write("subscribed", id, now, w =>
        {
            w.WriteString("topic", topic);
            w.WriteNumber("seq", seq);
        });

    public static byte[] Unsubscribed(string? id, string topic, DateTimeOffset now) =>
        Write("unsubscribed", id, now, w => w.WriteString("topic", topic));

    public static byte[] Resync(string topic, DateTimeOffset now) =>
        Write("resync", null, now, w => w.WriteString("topic", topic));

    public static byte[] Ping(DateTimeOffset now) => Write("ping", null, now, null);

    public static byte[] Pong(string? id, DateTimeOffset now) => Write("pong", id, now, null);

    public static byte[] TokenExpiring(DateTimeOffset expiresAt, DateTimeOffset now) =>
        Write("token_expiring", null, now, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("expiresAt", HubEnvelope.FormatTimestamp(expiresAt));
            w.WriteEndObject();
        });

    private static byte[] Write(string type, string? id, DateTimeOffset now, Action<Utf8JsonWriter>? body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            if (id is not null)
            {
                w.WriteString("id", id);
            }

            body?.Invoke(w);
            w.WriteString("ts", HubEnvelope.FormatTimestamp(now));
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

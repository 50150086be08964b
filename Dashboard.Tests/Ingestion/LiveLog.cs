using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// Reads the backplane's log (<c>realtime_messages</c>) and the events beside it, with each row's inserting transaction
/// (<c>xmin</c>), and subscribes WebSocket clients: what the one-commit tests compare.
/// </summary>
internal static class LiveLog
{
    /// <summary>One logged message: its seq, type, the transaction that wrote it, its envelope's <c>data</c>, whether a snapshot.</summary>
    public sealed record Row(long Seq, string Type, string Xmin, JsonElement Data, bool IsSnapshot);

    /// <summary>The stream's logged messages, in seq order.</summary>
    public static async Task<List<Row>> MessagesAsync(string connectionString, string tenant, string topic)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT seq, type, xmin::text, convert_from(envelope, 'UTF8'), is_snapshot FROM realtime_messages WHERE tenant = $1 AND topic = $2 ORDER BY seq", connection);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(topic);
        var rows = new List<Row>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var data = JsonDocument.Parse(reader.GetString(3)).RootElement.GetProperty("data").Clone();
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), data, reader.GetBoolean(4)));
        }

        return rows;
    }

    /// <summary>event_id → the transaction that inserted it, for the tenant's events.</summary>
    public static async Task<Dictionary<string, string>> EventXminsAsync(string connectionString, string tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT event_id, xmin::text FROM events WHERE tenant = $1", connection);
        cmd.Parameters.AddWithValue(tenant);
        var rows = new Dictionary<string, string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetString(1);
        }

        return rows;
    }

    /// <summary>The stream's last seq in <c>realtime_streams</c>; 0 when it has none.</summary>
    public static async Task<long> HeadAsync(string connectionString, string tenant, string topic)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT seq FROM realtime_streams WHERE tenant = $1 AND topic = $2", connection);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(topic);
        return await cmd.ExecuteScalarAsync() is long seq ? seq : 0;
    }

    /// <summary>A WebSocket client authenticated for <paramref name="tenant"/> and subscribed to <paramref name="topic"/>.</summary>
    public static async Task<ProtocolClient> SubscribeAsync(DashboardServer node, string tenant, string topic)
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(node, node.Token(tenant));
        await client.SendAsync(new { type = "subscribe", id = "s", topics = new[] { topic } });
        Assert.Equal("subscribed", (await client.ReceiveAsync()).GetProperty("type").GetString());
        return client;
    }

    /// <summary>The next message of <paramref name="type"/>.</summary>
    public static Task<JsonElement> NextAsync(ProtocolClient client, string type) =>
        client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == type, TimeSpan.FromSeconds(20));
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Ingestion;

/// <summary>CloudEvents for the tests, and helpers to post them and look at what was stored.</summary>
internal static class Events
{
    public const string Single = "application/cloudevents+json";
    public const string Batch = "application/cloudevents-batch+json";

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static string NewTenant() => Tenants.New();

    public static JsonObject CallStarted(string callId, string? id = null, string source = "/dialer/test") => Event(
        "call.started", new JsonObject { ["callId"] = callId, ["direction"] = "outbound", ["campaignId"] = "c-1", ["agentId"] = "a-7" }, id, source);

    public static JsonObject CallEnded(string callId, string outcome = "completed", double duration = 42.5, string? id = null) => Event(
        "call.ended", new JsonObject { ["callId"] = callId, ["outcome"] = outcome, ["durationSeconds"] = duration }, id);

    public static JsonObject Event(string type, JsonObject data, string? id = null, string source = "/dialer/test") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id ?? NewId(),
        ["source"] = source,
        ["type"] = type,
        ["data"] = data,
    };

    public static string Array(params JsonNode[] events) => new JsonArray([.. events.Select(e => e.DeepClone())]).ToJsonString();

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string json, string contentType = Single) =>
        client.PostAsync("/api/v1/events", new StringContent(json, Encoding.UTF8, contentType));

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, JsonNode json, string contentType = Single) =>
        client.PostAsync(json.ToJsonString(), contentType);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts a 202 with these counts.</summary>
    public static async Task AssertAcceptedAsync(this HttpResponseMessage response, int accepted, int duplicates)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(accepted, json.GetProperty("accepted").GetInt32());
        Assert.Equal(duplicates, json.GetProperty("duplicates").GetInt32());
    }

    /// <summary>Asserts a problem+json response with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        return json;
    }

    public static async Task<long> CountAsync(string connectionString, string tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM events WHERE tenant = $1", connection);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<List<StoredEvent>> RowsAsync(string connectionString, string tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT source, event_id, type, subject, time, data::text FROM events WHERE tenant = $1 ORDER BY seq", connection);
        cmd.Parameters.AddWithValue(tenant);
        var rows = new List<StoredEvent>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredEvent(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), JsonDocument.Parse(reader.GetString(5)).RootElement));
        }

        return rows;
    }

    public sealed record StoredEvent(string Source, string Id, string Type, string? Subject, DateTimeOffset Time, JsonElement Data);

    /// <summary>Content whose length is unknown up front, so HttpClient sends it chunked (no Content-Length).</summary>
    public sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string contentType)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

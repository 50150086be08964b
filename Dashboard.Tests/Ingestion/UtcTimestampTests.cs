using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// Timestamps are always written UTC with <c>Z</c> (docs/api.md), whatever their <see cref="DateTimeKind"/>: before the
/// time bound, a year-0001 event was stored as <c>-infinity</c> and <c>/calls/recent</c> returned it without its <c>Z</c>.
/// </summary>
public sealed class UtcTimestampTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    public static TheoryData<object, string> Values => new()
    {
        { new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc), "\"2026-11-21T12:00:00Z\"" },
        { new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Unspecified), "\"2026-11-21T12:00:00Z\"" },
        { DateTime.MinValue, "\"0001-01-01T00:00:00Z\"" },
        { DateTime.MaxValue, "\"9999-12-31T23:59:59.9999999Z\"" },
        { new DateTimeOffset(2026, 11, 21, 14, 0, 0, TimeSpan.FromHours(2)), "\"2026-11-21T12:00:00Z\"" },
        { DateTimeOffset.MinValue, "\"0001-01-01T00:00:00Z\"" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void The_wire_options_write_every_timestamp_as_utc_with_z(object value, string expected)
    {
        Assert.Equal(expected, JsonSerializer.Serialize(value, value.GetType(), JsonDefaults.Options));
    }

    [Fact]
    public void A_local_time_is_converted_not_relabelled()
    {
        var local = new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Local);

        var written = JsonSerializer.Deserialize<DateTime>(JsonSerializer.Serialize(local, JsonDefaults.Options));

        Assert.Equal(local.ToUniversalTime(), written.ToUniversalTime());
        Assert.EndsWith("Z\"", JsonSerializer.Serialize(local, JsonDefaults.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recent_calls_stored_with_infinite_times_are_still_written_with_z()
    {
        var tenant = Tenants.New();
        await using (var db = NpgsqlDataSource.Create(server.ConnectionString))
        {
            // What an unbounded year-0001 or year-9999 event used to leave behind.
            await using var cmd = db.CreateCommand(
                "INSERT INTO calls (tenant, call_id, direction, started_at, answered_at, ended_at, outcome) VALUES ($1, 'inf', 'inbound', '-infinity', 'infinity', '-infinity', 'completed')");
            cmd.Parameters.AddWithValue(tenant);
            await cmd.ExecuteNonQueryAsync();
        }

        using var client = server.Http(server.Token(tenant, Scopes.Read));
        using var response = await client.GetAsync("/api/v1/calls/recent");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);

        var root = JsonDocument.Parse(body).RootElement;
        var call = Assert.Single(root.GetProperty("calls").EnumerateArray());
        Assert.Equal("0001-01-01T00:00:00Z", call.GetProperty("startedAt").GetString());
        Assert.Equal("9999-12-31T23:59:59.9999999Z", call.GetProperty("answeredAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", call.GetProperty("endedAt").GetString());
        Assert.EndsWith("Z", root.GetProperty("computedAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_still_types_timestamps_as_date_time_strings()
    {
        using var client = server.Http();
        var schemas = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("components").GetProperty("schemas");

        var recent = schemas.GetProperty("RecentCall").GetProperty("properties");
        Assert.Equal("string", recent.GetProperty("endedAt").GetProperty("type").GetString());
        Assert.Equal("date-time", recent.GetProperty("endedAt").GetProperty("format").GetString());
        Assert.Equal(["null", "string"], recent.GetProperty("answeredAt").GetProperty("type").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
    }
}

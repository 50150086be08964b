using Npgsql;

namespace Dashboard.Benchmarks.Tick;

/// <summary>
/// Stores a history of call events straight into <c>events</c> (as ingestion would have), spread over the 30 days
/// before <c>now − 1 h</c> across <see cref="Tenants"/> tenants × <see cref="CampaignsPerTenant"/> campaigns: outbound
/// campaign calls (started, answered, ended: 3 events) and, one call in five, inbound queue calls (started, queued,
/// answered, ended: 4 events), so every state table and roll-up has its share.
/// </summary>
internal static class EventSeeder
{
    public const int Tenants = 100;
    public const int CampaignsPerTenant = 10;
    private const long CallsPerStatement = 250_000;

    /// <summary>Inserts about <paramref name="events"/> events; returns the exact number stored.</summary>
    public static async Task<long> SeedAsync(string connectionString, long events, DateTime now, CancellationToken ct)
    {
        // 3 events per outbound call and 4 per inbound one, inbound one call in five: N/4 outbound + N/16 inbound = N.
        long outbound = events / 4, inbound = events / 16;
        var end = now.AddHours(-1);
        var start = end.AddDays(-30);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        for (long lo = 1; lo <= outbound; lo += CallsPerStatement)
        {
            await ExecuteAsync(dataSource, OutboundSql, lo, Math.Min(outbound, lo + CallsPerStatement - 1), outbound, start, end, ct);
        }

        for (long lo = 1; lo <= inbound; lo += CallsPerStatement)
        {
            await ExecuteAsync(dataSource, InboundSql, lo, Math.Min(inbound, lo + CallsPerStatement - 1), inbound, start, end, ct);
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM events");
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, long lo, long hi, long total, DateTime start, DateTime end, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        cmd.Parameters.AddWithValue(lo);
        cmd.Parameters.AddWithValue(hi);
        cmd.Parameters.AddWithValue(total);
        cmd.Parameters.AddWithValue(start);
        cmd.Parameters.AddWithValue((end - start).TotalSeconds);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static readonly string OutboundSql = $"""
        INSERT INTO events (tenant, source, event_id, type, time, data)
        SELECT 'bench-' || lpad((i % {Tenants})::text, 3, '0'), 'bench', 'o' || i || '-' || e.k, e.type, e.at, e.data
        FROM generate_series($1::bigint, $2::bigint) AS i,
             LATERAL (SELECT $4::timestamptz + make_interval(secs => i::float8 / $3 * $5) AS t0,
                             'c' || ((i / {Tenants}) % {CampaignsPerTenant}) AS campaign,
                             (ARRAY['completed','busy','no_answer','failed','converted','opted_out','voicemail'])[1 + i % 7] AS outcome) c,
             LATERAL (VALUES
                (1, 'call.started', c.t0, jsonb_build_object('callId', 'o' || i, 'direction', 'outbound', 'campaignId', c.campaign)),
                (2, 'call.answered', c.t0 + interval '5 seconds', jsonb_build_object('callId', 'o' || i, 'agentId', 'a' || (i % 20))),
                (3, 'call.ended', c.t0 + interval '65 seconds', jsonb_build_object('callId', 'o' || i, 'outcome', c.outcome, 'durationSeconds', 60 + i % 300))
             ) AS e(k, type, at, data)
        """;

    private static readonly string InboundSql = $"""
        INSERT INTO events (tenant, source, event_id, type, time, data)
        SELECT 'bench-' || lpad((i % {Tenants})::text, 3, '0'), 'bench', 'i' || i || '-' || e.k, e.type, e.at, e.data
        FROM generate_series($1::bigint, $2::bigint) AS i,
             LATERAL (SELECT $4::timestamptz + make_interval(secs => i::float8 / $3 * $5) AS t0, 'q' || (i % 3) AS queue) c,
             LATERAL (VALUES
                (1, 'call.started', c.t0, jsonb_build_object('callId', 'i' || i, 'direction', 'inbound')),
                (2, 'call.queued', c.t0, jsonb_build_object('callId', 'i' || i, 'queue', c.queue)),
                (3, 'call.answered', c.t0 + make_interval(secs => i % 40), jsonb_build_object('callId', 'i' || i, 'agentId', 'a' || (i % 20))),
                (4, 'call.ended', c.t0 + make_interval(secs => 200 + i % 40), jsonb_build_object('callId', 'i' || i, 'outcome', 'completed'))
             ) AS e(k, type, at, data)
        """;
}

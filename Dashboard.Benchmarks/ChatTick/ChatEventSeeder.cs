using Npgsql;

namespace Dashboard.Benchmarks.ChatTick;

/// <summary>
/// Stores a history of chat and support events straight into <c>events</c> (as ingestion would have), spread over the 30
/// days before <c>now − 1 h</c> across <see cref="Tenants"/> tenants: per session <c>chat.session_started</c>,
/// <c>chat.session_assigned</c>, <see cref="MessagesPerSession"/> <c>chat.message</c> (customer and agent in turn, mostly
/// text), <c>chat.message_status</c> for the agent's messages (sent, then delivered and mostly read, 1 in 33 failed),
/// <c>chat.session_closed</c> (6 in 7 resolved) and, for 2 sessions in 5, <c>csat.submitted</c>. The fold then builds
/// <c>chat_sessions</c>, <c>chat_messages</c>, <c>chat_message_hourly</c> and <c>chat_csat</c> from them
/// (Dashboard/Storage/Migrations/0007_chat.sql), as it would on a server that received them.
/// </summary>
internal static class ChatEventSeeder
{
    public const int Tenants = 100;
    public const int MessagesPerSession = 10;
    private const long SessionsPerStatement = 25_000;

    /// <summary>Inserts the events of about <paramref name="messages"/> messages; returns the number of events stored.</summary>
    public static async Task<long> SeedAsync(string connectionString, long messages, DateTime now, CancellationToken ct)
    {
        var sessions = messages / MessagesPerSession;
        var end = now.AddHours(-1);
        var start = end.AddDays(-30);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        for (long lo = 1; lo <= sessions; lo += SessionsPerStatement)
        {
            var hi = Math.Min(sessions, lo + SessionsPerStatement - 1);
            foreach (var sql in new[] { SessionSql, MessageSql, StatusSql })
            {
                await using var cmd = dataSource.CreateCommand(sql);
                cmd.CommandTimeout = 0;
                cmd.Parameters.AddWithValue(lo);
                cmd.Parameters.AddWithValue(hi);
                cmd.Parameters.AddWithValue(sessions);
                cmd.Parameters.AddWithValue(start);
                cmd.Parameters.AddWithValue((end - start).TotalSeconds);
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM events");
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    // $1..$2: the sessions of this statement; $3: all sessions; $4: the history's start; $5: its length in seconds.
    private static readonly string Session = $"""
        FROM generate_series($1::bigint, $2::bigint) AS i,
             LATERAL (SELECT $4::timestamptz + make_interval(secs => i::float8 / $3 * $5) AS t0,
                             'chat-' || lpad((i % {Tenants})::text, 3, '0') AS tenant, 's' || i AS sid) c
        """;

    private static readonly string SessionSql = $"""
        INSERT INTO events (tenant, source, event_id, type, time, data)
        SELECT c.tenant, 'bench', 's' || i || '-' || e.k, e.type, e.at, e.data
        {Session},
             LATERAL (VALUES
                (1, 'chat.session_started', c.t0, jsonb_build_object('sessionId', c.sid, 'channel', (ARRAY['web','whatsapp','messenger'])[1 + i % 3])),
                (2, 'chat.session_assigned', c.t0 + make_interval(secs => i % 60), jsonb_build_object('sessionId', c.sid, 'agentId', 'a' || (i % 20))),
                (3, 'chat.session_closed', c.t0 + interval '400 seconds', jsonb_build_object('sessionId', c.sid, 'resolved', i % 7 <> 0)),
                (4, 'csat.submitted', c.t0 + interval '430 seconds',
                    jsonb_build_object('score', (ARRAY[5,4,5,3,4,5,2,4,1,5])[1 + (i / 5) % 10], 'sessionId', c.sid, 'agentId', 'a' || (i % 20)))
             ) AS e(k, type, at, data)
        WHERE e.k <> 4 OR i % 5 < 2
        """;

    private static readonly string MessageSql = $"""
        INSERT INTO events (tenant, source, event_id, type, time, data)
        SELECT c.tenant, 'bench', 'm' || i || '-' || j, 'chat.message', c.t0 + make_interval(secs => 60 + j * 30),
               jsonb_build_object('sessionId', c.sid, 'messageId', 'm' || i || '-' || j,
                   'kind', (ARRAY['text','text','text','text','text','text','text','text','text','text','text','text','text','text','text','image','image','file','audio','video'])[1 + (i + j) % 20],
                   'sender', CASE WHEN j % 2 = 0 THEN 'agent' ELSE 'customer' END)
        {Session},
             generate_series(1, {MessagesPerSession}) AS j
        """;

    private static readonly string StatusSql = $"""
        INSERT INTO events (tenant, source, event_id, type, time, data)
        SELECT c.tenant, 'bench', 'st' || i || '-' || j || '-' || s.k, 'chat.message_status', c.t0 + make_interval(secs => 60 + j * 30 + s.delay),
               jsonb_build_object('messageId', 'm' || i || '-' || j, 'status', s.status)
        {Session},
             generate_series(2, {MessagesPerSession}, 2) AS j,
             LATERAL (VALUES (1, 'sent', 0), (2, 'delivered', 2), (3, 'read', 20), (4, 'failed', 5)) AS s(k, status, delay)
        WHERE s.k = 1 OR (s.k = 4 AND (i + j) % 33 = 0) OR ((i + j) % 33 <> 0 AND (s.k = 2 OR (s.k = 3 AND (i + j) % 10 <> 0)))
        """;
}

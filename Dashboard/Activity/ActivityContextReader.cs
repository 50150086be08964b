using Dashboard.Catalogue;
using Dashboard.Ingestion;
using Npgsql;
using static Dashboard.Activity.ActivityText;

namespace Dashboard.Activity;

/// <summary>
/// Reads the context of one request's summaries from the state already folded (docs/activity.md, "Context"): the calls,
/// chat sessions and agents its events name, with the names of the calls' and sessions' agents, in ONE query. State is
/// folded by the 1 s tick, so an event of the last second may not be there yet: its summary is then shorter.
/// </summary>
internal sealed partial class ActivityContextReader(NpgsqlDataSource dataSource, TimeProvider time, ILogger<ActivityContextReader> logger)
{
    /// <summary>
    /// After a failed context query, requests are summarised without context for this long: while the database is down
    /// each request would otherwise wait for a connection timeout twice (here, then at the insert that answers 503).
    /// </summary>
    public static readonly TimeSpan BackOff = TimeSpan.FromSeconds(5);

    // Ticks (TimeProvider timestamp) before which no context is read; 0: read.
    private long _skipUntil;

    private const string Sql = """
        SELECT 0, c.call_id, c.queue, c.queued_at, c.started_at, c.answered_at, c.agent_id, a.name
        FROM calls c LEFT JOIN agents a ON a.tenant = c.tenant AND a.agent_id = c.agent_id
        WHERE c.tenant = $1 AND c.call_id = ANY($2)
        UNION ALL
        SELECT 1, s.session_id, s.channel, s.started_at, s.assigned_at, NULL, s.agent_id, a.name
        FROM chat_sessions s LEFT JOIN agents a ON a.tenant = s.tenant AND a.agent_id = s.agent_id
        WHERE s.tenant = $1 AND s.session_id = ANY($3)
        UNION ALL
        SELECT 2, agent_id, NULL, NULL, NULL, NULL, agent_id, name
        FROM agents WHERE tenant = $1 AND agent_id = ANY($4) AND name IS NOT NULL
        """;

    /// <summary>
    /// The folded context of <paramref name="events"/>; empty without a query when they name no call, session or agent, and
    /// empty (logged) when the database cannot answer: a summary never stops an ingestion (the insert reports the outage).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> fired.</exception>
    public async Task<ActivityContext> ReadAsync(string tenant, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var context = new ActivityContext();
        HashSet<string> calls = new(StringComparer.Ordinal), sessions = new(StringComparer.Ordinal), agents = new(StringComparer.Ordinal);
        foreach (var e in events)
        {
            Collect(e, calls, sessions, agents);
        }

        var skipUntil = Interlocked.Read(ref _skipUntil);
        if (calls.Count + sessions.Count + agents.Count == 0 || (skipUntil != 0 && time.GetTimestamp() < skipUntil))
        {
            return context;
        }

        try
        {
            await using var command = dataSource.CreateCommand(Sql);
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = calls.ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = sessions.ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = agents.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(1);
                var agentId = reader.IsDBNull(6) ? null : reader.GetString(6);
                if (agentId is not null && !reader.IsDBNull(7))
                {
                    context.AgentNames[agentId] = reader.GetString(7);
                }

                switch (reader.GetInt32(0))
                {
                    case 0:
                        var call = context.Call(id);
                        call.Queue = reader.IsDBNull(2) ? null : reader.GetString(2);
                        call.QueuedAt = Time(reader, 3);
                        call.StartedAt = Time(reader, 4);
                        call.AnsweredAt = Time(reader, 5);
                        call.AgentId = agentId;
                        break;
                    case 1:
                        var session = context.Session(id);
                        session.Channel = reader.IsDBNull(2) ? null : reader.GetString(2);
                        session.StartedAt = Time(reader, 3);
                        session.AssignedAt = Time(reader, 4);
                        session.AgentId = agentId;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException && !ct.IsCancellationRequested)
        {
            // Logged once per outage, not once per request.
            if (Interlocked.Exchange(ref _skipUntil, time.GetTimestamp() + (long)(BackOff.TotalSeconds * time.TimestampFrequency)) == 0)
            {
                LogNoContext(ex, tenant, BackOff.TotalSeconds);
            }

            return new ActivityContext();
        }

        if (Interlocked.Exchange(ref _skipUntil, 0) != 0)
        {
            LogContextBack();
        }

        return context;
    }

    private static void Collect(CloudEvent e, HashSet<string> calls, HashSet<string> sessions, HashSet<string> agents)
    {
        var data = e.Data;
        switch (e.Type)
        {
            case EventTypes.CallQueued or EventTypes.CallAnswered or EventTypes.CallEnded:
                Add(calls, Text(data, "callId"));
                Add(agents, Text(data, "agentId"));
                break;
            case EventTypes.CallStarted:
                Add(agents, Text(data, "agentId"));
                break;
            case EventTypes.ChatSessionAssigned or EventTypes.ChatSessionClosed or EventTypes.ChatMessage:
                Add(sessions, Text(data, "sessionId"));
                Add(agents, Text(data, "agentId"));
                break;
            case EventTypes.CsatSubmitted:
                Add(sessions, Text(data, "sessionId"));
                Add(calls, Text(data, "callId"));
                Add(agents, Text(data, "agentId"));
                break;
            case EventTypes.AgentStatusChanged when Text(data, "name") is null:
                Add(agents, Text(data, "agentId"));
                break;
        }

        static void Add(HashSet<string> set, string? id)
        {
            if (id is not null)
            {
                set.Add(id);
            }
        }
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetDateTime(ordinal), TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the activity context of tenant {Tenant} failed; summaries are written without context, and none is read for {BackOffSeconds} s after each failure")]
    private partial void LogNoContext(Exception ex, string tenant, double backOffSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the activity context works again")]
    private partial void LogContextBack();
}

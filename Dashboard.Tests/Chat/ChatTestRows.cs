using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Tests.Chat;

/// <summary>Writes the chat rows the fold would (migration 0007's columns), for one tenant, so the metrics are tested without it.</summary>
internal sealed class ChatTestRows(NpgsqlDataSource dataSource, string tenant)
{
    /// <summary>One <c>chat_sessions</c> row; <paramref name="openedAt"/> defaults to <paramref name="startedAt"/>, the agent's assignment time to <paramref name="assignedAt"/>.</summary>
    public Task SessionAsync(
        string sessionId, DateTime? startedAt = null, string? channel = null, DateTime? openedAt = null, DateTime? assignedAt = null,
        string? agentId = null, DateTime? agentAssignedAt = null, DateTime? firstResponseAt = null, DateTime? closedAt = null, bool resolved = false) =>
        ExecuteAsync(
            """
            INSERT INTO chat_sessions (tenant, session_id, channel, started_at, opened_at, assigned_at, agent_id, agent_assigned_at, first_response_at, closed_at, resolved)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (tenant, session_id) DO UPDATE SET channel = EXCLUDED.channel, started_at = EXCLUDED.started_at, opened_at = EXCLUDED.opened_at,
                assigned_at = EXCLUDED.assigned_at, agent_id = EXCLUDED.agent_id, agent_assigned_at = EXCLUDED.agent_assigned_at,
                first_response_at = EXCLUDED.first_response_at, closed_at = EXCLUDED.closed_at, resolved = EXCLUDED.resolved
            """,
            Text(tenant), Text(sessionId), Text(channel), Time(startedAt), Time(openedAt ?? startedAt), Time(assignedAt), Text(agentId),
            Time(agentAssignedAt ?? (agentId is null ? null : assignedAt)), Time(firstResponseAt), Time(closedAt),
            new NpgsqlParameter { Value = resolved });

    /// <summary>One <c>chat_csat</c> row (event id fresh).</summary>
    public Task CsatAsync(DateTime submittedAt, int score, string? sessionId = null, string? agentId = null, string? callId = null) =>
        ExecuteAsync(
            "INSERT INTO chat_csat (tenant, source, event_id, submitted_at, score, session_id, call_id, agent_id) VALUES ($1, 'test', $2, $3, $4, $5, $6, $7)",
            Text(tenant), Text(Guid.NewGuid().ToString("N")), Time(submittedAt), new NpgsqlParameter { Value = (short)score },
            Text(sessionId), Text(callId), Text(agentId));

    /// <summary>One <c>chat_message_hourly</c> bucket.</summary>
    public Task HourAsync(DateTime hour, string sender, string kind, string status, long messages) =>
        ExecuteAsync(
            "INSERT INTO chat_message_hourly (tenant, hour, sender, kind, status, messages) VALUES ($1, $2, $3, $4, $5, $6)",
            Text(tenant), Time(hour), Text(sender), Text(kind), Text(status), new NpgsqlParameter { Value = messages });

    /// <summary>An <c>agents</c> row (as <c>agent.status_changed</c> leaves it).</summary>
    public Task AgentAsync(string agentId, string? name, string status = "available") =>
        ExecuteAsync(
            "INSERT INTO agents (tenant, agent_id, name, status, status_since) VALUES ($1, $2, $3, $4, now())",
            Text(tenant), Text(agentId), Text(name), Text(status));

    /// <summary>Registers the tenant as the fold does (what a node's first tick and the midnight tick start from).</summary>
    public Task KnownAsync() => ExecuteAsync("INSERT INTO fold_tenants (tenant) VALUES ($1) ON CONFLICT DO NOTHING", Text(tenant));

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTime? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private async Task ExecuteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddRange(parameters);
        await cmd.ExecuteNonQueryAsync();
    }
}

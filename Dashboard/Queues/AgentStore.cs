using Dashboard.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Queues;

/// <summary>Reads and writes the <c>agents</c> table in the fold's transaction, a whole chunk per statement.</summary>
internal static class AgentStore
{
    /// <summary>The stored rows of <paramref name="keys"/> (agents never seen have none).</summary>
    public static async Task<List<AgentRow>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<(string Tenant, string AgentId)> keys, CancellationToken ct)
    {
        var result = new List<AgentRow>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT a.tenant, a.agent_id, a.name, a.status, a.status_since, a.queues, a.last_queue FROM agents a " +
            "JOIN unnest($1::text[], $2::text[]) AS k(tenant, agent_id) ON a.tenant = k.tenant AND a.agent_id = k.agent_id",
            connection, tx);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Tenant).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.AgentId).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new AgentRow
            {
                Tenant = reader.GetString(0),
                AgentId = reader.GetString(1),
                Name = reader.IsDBNull(2) ? null : reader.GetString(2),
                Status = reader.GetString(3),
                StatusSince = reader.GetDateTime(4),
                Queues = reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5),
                LastQueue = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }

        return result;
    }

    /// <summary>Inserts or replaces <paramref name="agents"/> (their new state is complete).</summary>
    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<AgentRow> agents, DateTime now, CancellationToken ct)
    {
        if (agents.Count == 0)
        {
            return;
        }

        // Queues travel as one JSON array per agent: a text[] per row cannot be an element of an unnest()ed array.
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO agents (tenant, agent_id, name, status, status_since, queues, last_queue, updated_at)
            SELECT u.tenant, u.agent_id, u.name, u.status, u.status_since,
                   CASE WHEN u.queues IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.queues)) END,
                   u.last_queue, $8
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::text[])
                 AS u(tenant, agent_id, name, status, status_since, queues, last_queue)
            ON CONFLICT (tenant, agent_id) DO UPDATE SET
                name = EXCLUDED.name, status = EXCLUDED.status, status_since = EXCLUDED.status_since,
                queues = EXCLUDED.queues, last_queue = EXCLUDED.last_queue, updated_at = EXCLUDED.updated_at
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(agents.Select(a => a.Tenant).ToArray());
        cmd.Parameters.AddWithValue(agents.Select(a => a.AgentId).ToArray());
        cmd.Parameters.AddWithValue(agents.Select(a => a.Name).ToArray());
        cmd.Parameters.AddWithValue(agents.Select(a => a.Status).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(agents.Select(a => (DateTime?)a.StatusSince)));
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = agents.Select(a => a.Queues is null ? null : System.Text.Json.JsonSerializer.Serialize(a.Queues)).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
        cmd.Parameters.AddWithValue(agents.Select(a => a.LastQueue).ToArray());
        cmd.Parameters.AddWithValue(now);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

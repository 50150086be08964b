using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Chat;

/// <summary>
/// Reads and writes the chat tables (migration 0007) in the fold's transaction, a whole chunk per statement, and
/// applies a chunk's chat events (<see cref="ApplyAsync"/>).
/// </summary>
internal static class ChatStore
{
    /// <summary>Loads what <paramref name="events"/> mention, folds them (<see cref="ChatChunk"/>) and writes back what changed.</summary>
    /// <returns>The tenants whose chat state the events touched.</returns>
    /// <exception cref="NpgsqlException">A statement failed; the caller's transaction (or savepoint) must be rolled back.</exception>
    public static async Task<IReadOnlyCollection<string>> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ChatEvent> events, DateTime now, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var chunk = new ChatChunk(
            await LoadSessionsAsync(connection, tx, ChatChunk.SessionKeys(events), ct),
            await LoadMessagesAsync(connection, tx, ChatChunk.MessageKeys(events), ct));
        foreach (var e in events)
        {
            chunk.Apply(e);
        }

        var changes = chunk.Complete();
        await SaveSessionsAsync(connection, tx, changes.Sessions, now, ct);
        await SaveMessagesAsync(connection, tx, changes.Messages, ct);
        await SaveHourlyAsync(connection, tx, changes.Hourly, ct);
        await SaveCsatAsync(connection, tx, changes.Csat, ct);
        return chunk.Tenants;
    }

    private static async Task<List<ChatSessionRow>> LoadSessionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<(string Tenant, string SessionId)> keys, CancellationToken ct)
    {
        var result = new List<ChatSessionRow>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT s.tenant, s.session_id, s.channel, s.started_at, s.opened_at, s.assigned_at, s.agent_id, s.agent_assigned_at, " +
            "s.first_response_at, s.closed_at, s.resolved FROM chat_sessions s " +
            "JOIN unnest($1::text[], $2::text[]) AS k(tenant, session_id) ON s.tenant = k.tenant AND s.session_id = k.session_id",
            connection, tx);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Tenant).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.SessionId).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new ChatSessionRow(reader.GetString(0), reader.GetString(1))
            {
                Channel = Text(reader, 2),
                StartedAt = Time(reader, 3),
                OpenedAt = Time(reader, 4),
                AssignedAt = Time(reader, 5),
                AgentId = Text(reader, 6),
                AgentAssignedAt = Time(reader, 7),
                FirstResponseAt = Time(reader, 8),
                ClosedAt = Time(reader, 9),
                Resolved = reader.GetBoolean(10),
            });
        }

        return result;
    }

    private static async Task<List<ChatMessageRow>> LoadMessagesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<(string Tenant, string MessageId)> keys, CancellationToken ct)
    {
        var result = new List<ChatMessageRow>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT m.tenant, m.message_id, m.session_id, m.kind, m.sender, m.sent_at, m.status, m.status_at FROM chat_messages m " +
            "JOIN unnest($1::text[], $2::text[]) AS k(tenant, message_id) ON m.tenant = k.tenant AND m.message_id = k.message_id",
            connection, tx);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Tenant).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.MessageId).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new ChatMessageRow(reader.GetString(0), reader.GetString(1))
            {
                SessionId = Text(reader, 2),
                Kind = Text(reader, 3),
                Sender = Text(reader, 4),
                SentAt = Time(reader, 5),
                Status = Text(reader, 6),
                StatusAt = Time(reader, 7),
            });
        }

        return result;
    }

    private static async Task SaveSessionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ChatSessionRow> rows, DateTime now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO chat_sessions (tenant, session_id, channel, started_at, opened_at, assigned_at, agent_id, agent_assigned_at,
                                       first_response_at, closed_at, resolved, updated_at)
            SELECT u.*, $12 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[],
                                        $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::boolean[]) AS u
            ON CONFLICT (tenant, session_id) DO UPDATE SET
                channel = EXCLUDED.channel, started_at = EXCLUDED.started_at, opened_at = EXCLUDED.opened_at,
                assigned_at = EXCLUDED.assigned_at, agent_id = EXCLUDED.agent_id, agent_assigned_at = EXCLUDED.agent_assigned_at,
                first_response_at = EXCLUDED.first_response_at, closed_at = EXCLUDED.closed_at, resolved = EXCLUDED.resolved,
                updated_at = EXCLUDED.updated_at
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Tenant).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.SessionId).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Channel).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.StartedAt)));
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.OpenedAt)));
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.AssignedAt)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.AgentId).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.AgentAssignedAt)));
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.FirstResponseAt)));
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.ClosedAt)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.Resolved).ToArray());
        cmd.Parameters.AddWithValue(now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task SaveMessagesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ChatMessageRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO chat_messages (tenant, message_id, session_id, kind, sender, sent_at, status, status_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::timestamptz[])
            ON CONFLICT (tenant, message_id) DO UPDATE SET
                session_id = EXCLUDED.session_id, kind = EXCLUDED.kind, sender = EXCLUDED.sender, sent_at = EXCLUDED.sent_at,
                status = EXCLUDED.status, status_at = EXCLUDED.status_at
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Tenant).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.MessageId).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.SessionId).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Kind).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Sender).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.SentAt)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.Status).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => r.StatusAt)));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // Rows are taken in key order, as every other writer of these counters would, so two folds never deadlock on them.
    private static async Task SaveHourlyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ChatHourDelta> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0)
        {
            return;
        }

        var rows = deltas.OrderBy(d => d.Tenant, StringComparer.Ordinal).ThenBy(d => d.Hour)
            .ThenBy(d => d.Sender, StringComparer.Ordinal).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Status, StringComparer.Ordinal).ToList();
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO chat_message_hourly (tenant, hour, sender, kind, status, messages)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[])
            ON CONFLICT (tenant, hour, sender, kind, status) DO UPDATE SET messages = chat_message_hourly.messages + EXCLUDED.messages
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Tenant).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(rows.Select(r => (DateTime?)r.Hour)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.Sender).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Kind).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Status).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Messages).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // Keyed by the event's source and id: a response is counted once even if its event were ever folded again.
    private static async Task SaveCsatAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ChatEvent> responses, CancellationToken ct)
    {
        if (responses.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO chat_csat (tenant, source, event_id, submitted_at, score, session_id, call_id, agent_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::smallint[], $6::text[], $7::text[], $8::text[])
            ON CONFLICT DO NOTHING
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(responses.Select(r => r.Tenant).ToArray());
        cmd.Parameters.AddWithValue(responses.Select(r => r.Source).ToArray());
        cmd.Parameters.AddWithValue(responses.Select(r => r.EventId).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(responses.Select(r => (DateTime?)r.Time)));
        cmd.Parameters.AddWithValue(responses.Select(r => (short)r.Score!.Value).ToArray());
        cmd.Parameters.AddWithValue(responses.Select(r => r.SessionId).ToArray());
        cmd.Parameters.AddWithValue(responses.Select(r => r.CallId).ToArray());
        cmd.Parameters.AddWithValue(responses.Select(r => r.AgentId).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTime? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDateTime(i);
}

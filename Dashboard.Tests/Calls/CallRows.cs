using Npgsql;

namespace Dashboard.Tests.Calls;

/// <summary>
/// Hand-made state rows for the windowed call metrics: a <c>calls</c> row plus its <c>call_hourly</c> contribution by the
/// fold contract (quarter-hour of start, agent or '', answered/ended/duration/outcome counted as the fold counts them), so a
/// fixture states its calls and the expected numbers follow from them alone.
/// </summary>
internal static class CallRows
{
    public static async Task InsertCallAsync(
        NpgsqlDataSource db, string tenant, string callId, DateTime startedAt, string? agentId = null,
        DateTime? answeredAt = null, DateTime? endedAt = null, string? outcome = null, double? durationSeconds = null)
    {
        await using (var cmd = db.CreateCommand(
            """
            INSERT INTO calls (tenant, call_id, direction, agent_id, started_at, answered_at, ended_at, outcome, duration_seconds)
            VALUES ($1, $2, 'inbound', $3, $4, $5, $6, $7, $8)
            """))
        {
            cmd.Parameters.AddWithValue(tenant);
            cmd.Parameters.AddWithValue(callId);
            cmd.Parameters.AddWithValue((object?)agentId ?? DBNull.Value);
            cmd.Parameters.AddWithValue(startedAt);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)answeredAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)endedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)outcome ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)durationSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
            await cmd.ExecuteNonQueryAsync();
        }

        var ended = endedAt is not null;
        var column = ended && outcome is not null ? "outcome_" + outcome : null;
        await using (var cmd = db.CreateCommand(
            $"""
            INSERT INTO call_hourly (tenant, hour, agent_id, calls, answered, ended, duration_sum, duration_count{(column is null ? "" : ", " + column)})
            VALUES ($1, to_timestamp(floor(extract(epoch FROM $2::timestamptz) / 900) * 900), $3, 1, $4, $5, $6, $7{(column is null ? "" : ", 1")})
            ON CONFLICT (tenant, hour, agent_id) DO UPDATE SET
                calls = call_hourly.calls + 1, answered = call_hourly.answered + EXCLUDED.answered,
                ended = call_hourly.ended + EXCLUDED.ended, duration_sum = call_hourly.duration_sum + EXCLUDED.duration_sum,
                duration_count = call_hourly.duration_count + EXCLUDED.duration_count
                {(column is null ? "" : $", {column} = call_hourly.{column} + 1")}
            """))
        {
            var withDuration = ended && durationSeconds is not null;
            cmd.Parameters.AddWithValue(tenant);
            cmd.Parameters.AddWithValue(startedAt);
            cmd.Parameters.AddWithValue(agentId ?? "");
            cmd.Parameters.AddWithValue(answeredAt is null ? 0L : 1L);
            cmd.Parameters.AddWithValue(ended ? 1L : 0L);
            cmd.Parameters.AddWithValue(withDuration ? durationSeconds!.Value : 0.0);
            cmd.Parameters.AddWithValue(withDuration ? 1L : 0L);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>An <c>agents</c> row with a name.</summary>
    public static async Task InsertAgentAsync(NpgsqlDataSource db, string tenant, string agentId, string name, DateTime since)
    {
        await using var cmd = db.CreateCommand("INSERT INTO agents (tenant, agent_id, name, status, status_since) VALUES ($1, $2, $3, 'available', $4)");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(agentId);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(since);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Marks <paramref name="tenant"/> as folded at <paramref name="at"/>, as the fold does when it changes the tenant's state.</summary>
    public static async Task MarkFoldedAsync(NpgsqlDataSource db, string tenant, DateTime at)
    {
        await using var cmd = db.CreateCommand(
            "INSERT INTO fold_tenants (tenant, last_folded_at) VALUES ($1, $2) ON CONFLICT (tenant) DO UPDATE SET last_folded_at = EXCLUDED.last_folded_at");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(at);
        await cmd.ExecuteNonQueryAsync();
    }
}

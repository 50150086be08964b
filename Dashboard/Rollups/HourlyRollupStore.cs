using Dashboard.Calls;
using Dashboard.Catalogue;
using Dashboard.Queues;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Rollups;

/// <summary>Adds a chunk's <see cref="HourlyRollup"/> to the stored hourly counters, one statement per table.</summary>
internal static class HourlyRollupStore
{
    /// <summary>Adds every non-zero delta of <paramref name="rollup"/>, creating rows as needed.</summary>
    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, HourlyRollup rollup, CancellationToken ct)
    {
        await SaveCallsAsync(connection, tx, rollup.Calls.Where(kv => !kv.Value.IsZero).ToList(), ct);
        await SaveQueuesAsync(connection, tx, rollup.Queues.Where(kv => !kv.Value.IsZero).ToList(), ct);
        await SaveAgentsAsync(connection, tx, rollup.Agents.ToList(), ct);
    }

    private static async Task SaveCallsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<KeyValuePair<(string Tenant, DateTime Hour, string AgentId), CallTally>> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var outcomes = CallOutcomes.All.Select(o => "outcome_" + o).ToList();
        var columns = string.Join(", ", ["tenant", "hour", "agent_id", "calls", "ended", "answered", "duration_sum", "duration_count", .. outcomes]);
        var types = string.Join(", ", ["$1::text[]", "$2::timestamptz[]", "$3::text[]", "$4::bigint[]", "$5::bigint[]", "$6::bigint[]", "$7::float8[]", "$8::bigint[]",
            .. outcomes.Select((_, i) => $"${9 + i}::bigint[]")]);
        var updates = string.Join(", ", ((string[])["calls", "ended", "answered", "duration_sum", "duration_count", .. outcomes]).Select(c => $"{c} = h.{c} + EXCLUDED.{c}"));
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO call_hourly AS h ({columns}) SELECT * FROM unnest({types}) ON CONFLICT (tenant, hour, agent_id) DO UPDATE SET {updates}",
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.Tenant).ToArray());
        cmd.Parameters.Add(Hours(rows.Select(r => r.Key.Hour)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.AgentId).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Calls).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Ended).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Answered).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.DurationSum).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.DurationCount).ToArray());
        for (var slot = 0; slot < outcomes.Count; slot++)
        {
            var s = slot;
            cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Outcomes[s]).ToArray());
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task SaveQueuesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<KeyValuePair<(string Tenant, DateTime Hour, string Queue), QueueHourDelta>> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO queue_hourly AS h (tenant, hour, queue, offered, answered, answered_within, abandoned,
                answer_wait_sum, abandon_wait_sum, handled, talk_sum, acw_sum)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
                                 $8::float8[], $9::float8[], $10::bigint[], $11::float8[], $12::float8[])
            ON CONFLICT (tenant, hour, queue) DO UPDATE SET
                offered = h.offered + EXCLUDED.offered, answered = h.answered + EXCLUDED.answered,
                answered_within = h.answered_within + EXCLUDED.answered_within, abandoned = h.abandoned + EXCLUDED.abandoned,
                answer_wait_sum = h.answer_wait_sum + EXCLUDED.answer_wait_sum,
                abandon_wait_sum = h.abandon_wait_sum + EXCLUDED.abandon_wait_sum,
                handled = h.handled + EXCLUDED.handled, talk_sum = h.talk_sum + EXCLUDED.talk_sum, acw_sum = h.acw_sum + EXCLUDED.acw_sum
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.Tenant).ToArray());
        cmd.Parameters.Add(Hours(rows.Select(r => r.Key.Hour)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.Queue).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Offered).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Answered).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.AnsweredWithin).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Abandoned).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.AnswerWaitSum).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.AbandonWaitSum).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Handled).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.TalkSum).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Value.AcwSum).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task SaveAgentsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<KeyValuePair<(string Tenant, DateTime Hour, string AgentId), AgentHourDelta>> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO agent_hourly AS h (tenant, hour, agent_id, available_seconds, on_call_seconds, acw_seconds, busy_seconds)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
            ON CONFLICT (tenant, hour, agent_id) DO UPDATE SET
                available_seconds = h.available_seconds + EXCLUDED.available_seconds,
                on_call_seconds = h.on_call_seconds + EXCLUDED.on_call_seconds,
                acw_seconds = h.acw_seconds + EXCLUDED.acw_seconds,
                busy_seconds = h.busy_seconds + EXCLUDED.busy_seconds
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.Tenant).ToArray());
        cmd.Parameters.Add(Hours(rows.Select(r => r.Key.Hour)));
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.AgentId).ToArray());
        for (var slot = 0; slot < AgentHourDelta.Statuses.Count; slot++)
        {
            var s = slot;
            cmd.Parameters.AddWithValue(rows.Select(r => r.Value.Seconds[s]).ToArray());
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Hours(IEnumerable<DateTime> hours) =>
        new() { Value = hours.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };
}

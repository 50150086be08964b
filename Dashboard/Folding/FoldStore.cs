using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Catalogue;
using Dashboard.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Folding;

/// <summary>Reads and writes the fold's state tables in the caller's transaction, a whole chunk per statement.</summary>
internal static class FoldStore
{
    private const string CallColumns = "tenant, call_id, campaign_id, direction, queue, agent_id, started_at, answered_at, ended_at, outcome, duration_seconds, queued_at, sl_threshold_seconds";

    /// <summary>The stored rows of the calls <paramref name="events"/> mention (calls never seen have none).</summary>
    public static async Task<List<CallRow>> LoadCallsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CallEvent> events, CancellationToken ct)
    {
        var keys = events.Select(e => (e.Tenant, e.CallId)).Distinct().ToList();
        var result = new List<CallRow>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        await using var cmd = new NpgsqlCommand(
            $"SELECT c.{CallColumns.Replace(", ", ", c.", StringComparison.Ordinal)} FROM calls c " +
            "JOIN unnest($1::text[], $2::text[]) AS k(tenant, call_id) ON c.tenant = k.tenant AND c.call_id = k.call_id",
            connection, tx);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Tenant).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.CallId).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new CallRow
            {
                Tenant = reader.GetString(0),
                CallId = reader.GetString(1),
                CampaignId = reader.IsDBNull(2) ? null : reader.GetString(2),
                Direction = reader.IsDBNull(3) ? null : reader.GetString(3),
                Queue = reader.IsDBNull(4) ? null : reader.GetString(4),
                AgentId = reader.IsDBNull(5) ? null : reader.GetString(5),
                StartedAt = reader.IsDBNull(6) ? null : reader.GetDateTime(6),
                AnsweredAt = reader.IsDBNull(7) ? null : reader.GetDateTime(7),
                EndedAt = reader.IsDBNull(8) ? null : reader.GetDateTime(8),
                Outcome = reader.IsDBNull(9) ? null : reader.GetString(9),
                DurationSeconds = reader.IsDBNull(10) ? null : reader.GetDouble(10),
                QueuedAt = reader.IsDBNull(11) ? null : reader.GetDateTime(11),
                SlThresholdSeconds = reader.IsDBNull(12) ? null : reader.GetInt32(12),
            });
        }

        return result;
    }

    /// <summary>Inserts or replaces <paramref name="calls"/> (their new state is complete, so columns are overwritten).</summary>
    public static async Task SaveCallsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CallRow> calls, CancellationToken ct)
    {
        if (calls.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            $"""
            INSERT INTO calls ({CallColumns})
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                 $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::float8[],
                                 $12::timestamptz[], $13::int[])
            ON CONFLICT (tenant, call_id) DO UPDATE SET
                campaign_id = EXCLUDED.campaign_id, direction = EXCLUDED.direction, queue = EXCLUDED.queue,
                agent_id = EXCLUDED.agent_id, started_at = EXCLUDED.started_at, answered_at = EXCLUDED.answered_at,
                ended_at = EXCLUDED.ended_at, outcome = EXCLUDED.outcome, duration_seconds = EXCLUDED.duration_seconds,
                queued_at = EXCLUDED.queued_at, sl_threshold_seconds = EXCLUDED.sl_threshold_seconds
            """,
            connection, tx);
        cmd.Parameters.AddWithValue(calls.Select(c => c.Tenant).ToArray());
        cmd.Parameters.AddWithValue(calls.Select(c => c.CallId).ToArray());
        cmd.Parameters.AddWithValue(calls.Select(c => c.CampaignId).ToArray());
        cmd.Parameters.AddWithValue(calls.Select(c => c.Direction).ToArray());
        cmd.Parameters.AddWithValue(calls.Select(c => c.Queue).ToArray());
        cmd.Parameters.AddWithValue(calls.Select(c => c.AgentId).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(calls.Select(c => c.StartedAt)));
        cmd.Parameters.Add(SqlArrays.Timestamps(calls.Select(c => c.AnsweredAt)));
        cmd.Parameters.Add(SqlArrays.Timestamps(calls.Select(c => c.EndedAt)));
        cmd.Parameters.AddWithValue(calls.Select(c => c.Outcome).ToArray());
        cmd.Parameters.AddWithValue(calls.Select(c => c.DurationSeconds).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(calls.Select(c => c.QueuedAt)));
        cmd.Parameters.Add(new NpgsqlParameter { Value = calls.Select(c => c.SlThresholdSeconds).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // "Newer" is by campaign.updated event time, so a late older event only fills what nothing set (CampaignDelta.ApplyInfo).
    private const string SaveCampaignsSql = """
        INSERT INTO campaigns AS c (tenant, campaign_id, name, status, queue_depth, info_time, total_attempts, answered,
            outcome_completed, outcome_busy, outcome_no_answer, outcome_failed, outcome_converted, outcome_opted_out,
            outcome_abandoned, outcome_voicemail, outcome_canceled, last_attempt_at, updated_at)
        SELECT u.*, $19
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::bigint[], $8::bigint[],
                    $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[],
                    $16::bigint[], $17::bigint[], $18::timestamptz[]) AS u
        ON CONFLICT (tenant, campaign_id) DO UPDATE SET
            name        = CASE WHEN EXCLUDED.info_time >= c.info_time OR c.info_time IS NULL THEN COALESCE(EXCLUDED.name, c.name) ELSE COALESCE(c.name, EXCLUDED.name) END,
            status      = CASE WHEN EXCLUDED.info_time >= c.info_time OR c.info_time IS NULL THEN COALESCE(EXCLUDED.status, c.status) ELSE COALESCE(c.status, EXCLUDED.status) END,
            queue_depth = CASE WHEN EXCLUDED.info_time >= c.info_time OR c.info_time IS NULL THEN COALESCE(EXCLUDED.queue_depth, c.queue_depth) ELSE COALESCE(c.queue_depth, EXCLUDED.queue_depth) END,
            info_time   = GREATEST(c.info_time, EXCLUDED.info_time),
            total_attempts    = c.total_attempts + EXCLUDED.total_attempts,
            answered          = c.answered + EXCLUDED.answered,
            outcome_completed = c.outcome_completed + EXCLUDED.outcome_completed,
            outcome_busy      = c.outcome_busy + EXCLUDED.outcome_busy,
            outcome_no_answer = c.outcome_no_answer + EXCLUDED.outcome_no_answer,
            outcome_failed    = c.outcome_failed + EXCLUDED.outcome_failed,
            outcome_converted = c.outcome_converted + EXCLUDED.outcome_converted,
            outcome_opted_out = c.outcome_opted_out + EXCLUDED.outcome_opted_out,
            outcome_abandoned = c.outcome_abandoned + EXCLUDED.outcome_abandoned,
            outcome_voicemail = c.outcome_voicemail + EXCLUDED.outcome_voicemail,
            outcome_canceled  = c.outcome_canceled + EXCLUDED.outcome_canceled,
            last_attempt_at   = GREATEST(c.last_attempt_at, EXCLUDED.last_attempt_at),
            updated_at        = EXCLUDED.updated_at
        """;

    /// <summary>Adds each campaign's counter deltas and applies its <c>campaign.updated</c> fields, creating rows as needed.</summary>
    public static async Task SaveCampaignsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CampaignDelta> campaigns, DateTime now, CancellationToken ct)
    {
        if (campaigns.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(SaveCampaignsSql, connection, tx);
        cmd.Parameters.AddWithValue(campaigns.Select(c => c.Tenant).ToArray());
        cmd.Parameters.AddWithValue(campaigns.Select(c => c.CampaignId).ToArray());
        cmd.Parameters.AddWithValue(campaigns.Select(c => c.Name).ToArray());
        cmd.Parameters.AddWithValue(campaigns.Select(c => c.Status).ToArray());
        cmd.Parameters.AddWithValue(campaigns.Select(c => c.QueueDepth).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(campaigns.Select(c => c.InfoTime)));
        cmd.Parameters.AddWithValue(campaigns.Select(c => c.Attempts).ToArray());
        cmd.Parameters.AddWithValue(campaigns.Select(c => c.Answered).ToArray());
        for (var slot = 0; slot < CallOutcomes.All.Count; slot++)
        {
            var s = slot;
            cmd.Parameters.AddWithValue(campaigns.Select(c => c.Outcomes[s]).ToArray());
        }

        cmd.Parameters.Add(SqlArrays.Timestamps(campaigns.Select(c => c.LastAttemptAt)));
        cmd.Parameters.AddWithValue(now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records that <paramref name="tenants"/> have state, and that they have changes to publish (<c>fold_seq</c>).</summary>
    public static async Task SaveTenantsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<string> tenants, DateTime now, CancellationToken ct)
    {
        if (tenants.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            "INSERT INTO fold_tenants AS f (tenant, last_folded_at, fold_seq) SELECT unnest($1::text[]), $2, 1 " +
            "ON CONFLICT (tenant) DO UPDATE SET last_folded_at = EXCLUDED.last_folded_at, fold_seq = f.fold_seq + 1",
            connection, tx);
        // In tenant order (C collation), as TenantChanges locks them: the two never deadlock.
        cmd.Parameters.AddWithValue(tenants.Order(StringComparer.Ordinal).ToArray());
        cmd.Parameters.AddWithValue(now);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

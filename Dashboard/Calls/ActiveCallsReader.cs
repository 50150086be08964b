using Dashboard.Publishing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Calls;

/// <summary>
/// Reads the active calls (started, not ended, started within <see cref="CallRow.OpenHorizon"/>) of tenants, longest
/// first, through the <c>calls_active</c> index, and shapes them as <see cref="ActiveCallsUpdate"/> (docs/metrics.md §3).
/// </summary>
internal sealed class ActiveCallsReader(NpgsqlDataSource dataSource, IOptions<PayloadOptions> payloads)
{
    /// <summary>One tenant's active calls at <paramref name="now"/> (UTC), at most <c>Payloads:MaxActiveCalls</c> listed.</summary>
    public async Task<ActiveCallsUpdate> ComputeAsync(string tenant, DateTime now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var active = await ReadAsync(connection, [tenant], now - CallRow.OpenHorizon, payloads.Value.MaxActiveCalls, ct);
        var (rows, total) = active.TryGetValue(tenant, out var a) ? a : ([], 0);
        return Build(rows, total, now);
    }

    /// <summary>The payload for <paramref name="rows"/> of <paramref name="total"/> active calls, durations live at <paramref name="now"/>.</summary>
    public static ActiveCallsUpdate Build(IReadOnlyList<ActiveCallRow> rows, int total, DateTime now) => new(
        total,
        [.. rows.Select(r => new ActiveCall(r.CallId, r.CampaignId, r.AgentId, r.StartedAt, r.AnsweredAt,
            Math.Round(Math.Max(0, (now - r.StartedAt).TotalSeconds), 3)))],
        now);

    /// <summary>
    /// Per tenant with an active call: at most <paramref name="max"/> of them, oldest start first, and how many there are.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public static async Task<Dictionary<string, (IReadOnlyList<ActiveCallRow> Rows, int Total)>> ReadAsync(
        NpgsqlConnection connection, string[] tenants, DateTime openSince, int max, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT tenant, call_id, campaign_id, agent_id, started_at, answered_at, total::int FROM (
                SELECT tenant, call_id, campaign_id, agent_id, started_at, answered_at,
                       row_number() OVER (PARTITION BY tenant ORDER BY started_at, call_id) AS rn,
                       count(*) OVER (PARTITION BY tenant) AS total
                FROM calls WHERE tenant = ANY($1) AND ended_at IS NULL AND started_at > $3
            ) x WHERE rn <= $2 ORDER BY tenant, rn
            """,
            connection);
        cmd.Parameters.AddWithValue(tenants);
        cmd.Parameters.AddWithValue((long)max);
        cmd.Parameters.AddWithValue(openSince);
        var rows = new Dictionary<string, List<ActiveCallRow>>(StringComparer.Ordinal);
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var tenant = reader.GetString(0);
            if (!rows.TryGetValue(tenant, out var list))
            {
                rows[tenant] = list = [];
            }

            list.Add(new ActiveCallRow(
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetDateTime(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5)));
            totals[tenant] = reader.GetInt32(6);
        }

        return rows.ToDictionary(kv => kv.Key, kv => ((IReadOnlyList<ActiveCallRow>)kv.Value, totals[kv.Key]), StringComparer.Ordinal);
    }
}

/// <summary>An active <c>calls</c> row.</summary>
internal sealed record ActiveCallRow(string CallId, string? CampaignId, string? AgentId, DateTime StartedAt, DateTime? AnsweredAt);

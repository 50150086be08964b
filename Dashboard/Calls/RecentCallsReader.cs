using Npgsql;

namespace Dashboard.Calls;

/// <summary>The newest ended calls of a tenant, read through the <c>calls_by_end</c> index (cost: the rows returned).</summary>
internal sealed class RecentCallsReader(NpgsqlDataSource dataSource)
{
    /// <summary>At most <paramref name="limit"/> ended calls of <paramref name="tenant"/>, newest end first (ties by call id, descending).</summary>
    public async Task<IReadOnlyList<RecentCall>> ReadAsync(string tenant, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT call_id, campaign_id, direction, queue, agent_id, started_at, answered_at, ended_at, outcome, duration_seconds
            FROM calls WHERE tenant = $1 AND ended_at IS NOT NULL
            ORDER BY ended_at DESC, call_id DESC LIMIT $2
            """);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(limit);
        var result = new List<RecentCall>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTime? Time(int i) => reader.IsDBNull(i) ? null : reader.GetDateTime(i);
            result.Add(new RecentCall(
                reader.GetString(0), Text(1), Text(2), Text(3), Text(4), Time(5), Time(6), reader.GetDateTime(7), Text(8),
                reader.IsDBNull(9) ? null : reader.GetDouble(9)));
        }

        return result;
    }
}

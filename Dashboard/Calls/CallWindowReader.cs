using Npgsql;

namespace Dashboard.Calls;

/// <summary>
/// The SQL behind <see cref="CallWindowCalculator"/> and the call statistics job: every query is an index range scan
/// bounded by the window or by what changed, never a scan of stored history.
/// </summary>
internal sealed class CallWindowReader(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// For each tenant: the <c>call_hourly</c> rows of the window's whole quarter-hours (primary key range), the raw calls
    /// of its partial first quarter-hour (<c>calls_by_start</c>), and the names of the agents in either.
    /// </summary>
    public async Task<WindowRead> ReadAsync(string[] tenants, CallWindow window, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for both reads: a fold committing between them could otherwise move a call's start across the
        // first whole bucket and have it counted on both sides, or on neither.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var buckets = await ReadBucketsAsync(connection, tenants, window, ct);
        var partial = window.Start < window.FirstWholeBucket
            ? await ReadPartialBucketAsync(connection, tenants, window, ct)
            : new Dictionary<string, List<WindowCall>>(StringComparer.Ordinal);
        var agents = buckets.SelectMany(kv => kv.Value.Select(b => (kv.Key, b.AgentId)))
            .Concat(partial.SelectMany(kv => kv.Value.Select(c => (kv.Key, c.AgentId ?? ""))))
            .Where(k => k.Item2.Length > 0)
            .Distinct()
            .ToList();
        var names = await ReadAgentNamesAsync(connection, agents, ct);
        await tx.CommitAsync(ct);
        return new WindowRead(buckets, partial, names);
    }

    /// <summary>Tenants the fold changed at or after <paramref name="since"/> (by <c>fold_tenants.last_folded_at</c>).</summary>
    public async Task<IReadOnlyList<string>> TenantsFoldedSinceAsync(DateTime since, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT tenant FROM fold_tenants WHERE last_folded_at >= $1");
        cmd.Parameters.AddWithValue(since);
        return await ReadStringsAsync(cmd, ct);
    }

    /// <summary>
    /// Tenants with a call started in [<paramref name="from"/>, <paramref name="to"/>): those whose window lost calls when
    /// its start moved from <paramref name="from"/> to <paramref name="to"/>. One probe of <c>calls_by_start</c> per
    /// tenant with state, each stopping at the first row.
    /// </summary>
    public async Task<IReadOnlyList<string>> TenantsWithCallsStartedAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT t.tenant FROM fold_tenants t
            WHERE EXISTS (SELECT 1 FROM calls c WHERE c.tenant = t.tenant AND c.started_at >= $1 AND c.started_at < $2)
            """);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        return await ReadStringsAsync(cmd, ct);
    }

    private static async Task<Dictionary<string, List<CallBucket>>> ReadBucketsAsync(
        NpgsqlConnection connection, string[] tenants, CallWindow window, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT tenant, hour, agent_id, calls, ended, answered, duration_sum, duration_count,
                   outcome_completed, outcome_busy, outcome_no_answer, outcome_failed, outcome_converted, outcome_opted_out,
                   outcome_abandoned, outcome_voicemail, outcome_canceled
            FROM call_hourly WHERE tenant = ANY($1) AND hour >= $2 AND hour <= $3
            """,
            connection);
        cmd.Parameters.AddWithValue(tenants);
        cmd.Parameters.AddWithValue(window.FirstWholeBucket);
        cmd.Parameters.AddWithValue(window.CurrentBucket);
        var result = new Dictionary<string, List<CallBucket>>(StringComparer.Ordinal);
        var outcomes = new long[9];
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = reader.GetInt64(8 + i);
            }

            var tally = CallTally.Of(reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetDouble(6), reader.GetInt64(7), outcomes);
            Add(result, reader.GetString(0), new CallBucket(reader.GetDateTime(1), reader.GetString(2), tally));
        }

        return result;
    }

    private static async Task<Dictionary<string, List<WindowCall>>> ReadPartialBucketAsync(
        NpgsqlConnection connection, string[] tenants, CallWindow window, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT tenant, started_at, agent_id, answered_at, ended_at, outcome, duration_seconds
            FROM calls WHERE tenant = ANY($1) AND started_at >= $2 AND started_at < $3
            """,
            connection);
        cmd.Parameters.AddWithValue(tenants);
        cmd.Parameters.AddWithValue(window.Start);
        cmd.Parameters.AddWithValue(window.FirstWholeBucket);
        var result = new Dictionary<string, List<WindowCall>>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            Add(result, reader.GetString(0), new WindowCall(
                reader.GetDateTime(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetDateTime(3),
                reader.IsDBNull(4) ? null : reader.GetDateTime(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6)));
        }

        return result;
    }

    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> ReadAgentNamesAsync(
        NpgsqlConnection connection, List<(string Tenant, string AgentId)> agents, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (agents.Count == 0)
        {
            return result;
        }

        await using var cmd = new NpgsqlCommand(
            """
            SELECT a.tenant, a.agent_id, a.name FROM agents a
            JOIN unnest($1::text[], $2::text[]) AS k(tenant, agent_id) ON a.tenant = k.tenant AND a.agent_id = k.agent_id
            WHERE a.name IS NOT NULL
            """,
            connection);
        cmd.Parameters.AddWithValue(agents.Select(a => a.Tenant).ToArray());
        cmd.Parameters.AddWithValue(agents.Select(a => a.AgentId).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var tenant = reader.GetString(0);
            if (!result.TryGetValue(tenant, out var names))
            {
                result[tenant] = names = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            ((Dictionary<string, string>)names)[reader.GetString(1)] = reader.GetString(2);
        }

        return result;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string tenant, T item)
    {
        if (!map.TryGetValue(tenant, out var list))
        {
            map[tenant] = list = [];
        }

        list.Add(item);
    }

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}

/// <summary>What <see cref="CallWindowReader.ReadAsync"/> read, per tenant.</summary>
internal sealed record WindowRead(
    IReadOnlyDictionary<string, List<CallBucket>> Buckets,
    IReadOnlyDictionary<string, List<WindowCall>> Partial,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> AgentNames);

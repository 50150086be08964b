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
        await AddAsync(connection, tx, RollupTable.Calls, rollup.Calls.Where(kv => !kv.Value.IsZero).ToList(), CallCounters, ct);
        await AddAsync(connection, tx, RollupTable.Queues, rollup.Queues.Where(kv => !kv.Value.IsZero).ToList(), QueueCounters, ct);
        await AddAsync(connection, tx, RollupTable.Agents, rollup.Agents.ToList(), AgentCounters, ct);
    }

    private static List<(string Column, Array Values)> CallCounters(List<CallTally> d) =>
    [
        ("calls", d.Select(c => c.Calls).ToArray()),
        ("ended", d.Select(c => c.Ended).ToArray()),
        ("answered", d.Select(c => c.Answered).ToArray()),
        ("duration_sum", d.Select(c => c.DurationSum).ToArray()),
        ("duration_count", d.Select(c => c.DurationCount).ToArray()),
        .. CallOutcomes.All.Select((outcome, slot) => ("outcome_" + outcome, (Array)d.Select(c => c.Outcomes[slot]).ToArray())),
    ];

    private static List<(string Column, Array Values)> QueueCounters(List<QueueHourDelta> d) =>
    [
        ("offered", d.Select(q => q.Offered).ToArray()),
        ("answered", d.Select(q => q.Answered).ToArray()),
        ("answered_within", d.Select(q => q.AnsweredWithin).ToArray()),
        ("abandoned", d.Select(q => q.Abandoned).ToArray()),
        ("answer_wait_sum", d.Select(q => q.AnswerWaitSum).ToArray()),
        ("abandon_wait_sum", d.Select(q => q.AbandonWaitSum).ToArray()),
        ("handled", d.Select(q => q.Handled).ToArray()),
        ("talk_sum", d.Select(q => q.TalkSum).ToArray()),
        ("acw_sum", d.Select(q => q.AcwSum).ToArray()),
    ];

    // RollupTable.Agents lists its columns in AgentHourDelta.Statuses order.
    private static List<(string Column, Array Values)> AgentCounters(List<AgentHourDelta> d) =>
        [.. RollupTable.Agents.Counters.Select((column, slot) => (column, (Array)d.Select(a => a.Seconds[slot]).ToArray()))];

    /// <summary>
    /// Adds each row's counters to the stored row of its (tenant, hour, key) in <paramref name="table"/>'s hourly table,
    /// creating it when missing: one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE</c> for all rows.
    /// </summary>
    private static async Task AddAsync<TDelta>(
        NpgsqlConnection connection,
        NpgsqlTransaction tx,
        RollupTable table,
        List<KeyValuePair<(string Tenant, DateTime Hour, string Key), TDelta>> rows,
        Func<List<TDelta>, List<(string Column, Array Values)>> counters,
        CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var values = counters(rows.Select(r => r.Value).ToList());
        var columns = string.Join(", ", ["tenant", "hour", table.Key, .. values.Select(v => v.Column)]);
        var types = string.Join(", ", ["$1::text[]", "$2::timestamptz[]", "$3::text[]", .. values.Select((v, i) => $"${4 + i}::{SqlType(v.Values)}[]")]);
        var updates = string.Join(", ", values.Select(v => $"{v.Column} = h.{v.Column} + EXCLUDED.{v.Column}"));
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO {table.Hourly} AS h ({columns}) SELECT * FROM unnest({types}) ON CONFLICT (tenant, hour, {table.Key}) DO UPDATE SET {updates}",
            connection, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.Tenant).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Hour).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(rows.Select(r => r.Key.Key).ToArray());
        foreach (var (_, array) in values)
        {
            cmd.Parameters.AddWithValue(array);
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string SqlType(Array values) => values switch
    {
        long[] => "bigint",
        double[] => "float8",
        _ => throw new ArgumentException($"No SQL type for {values.GetType()}.", nameof(values)),
    };
}

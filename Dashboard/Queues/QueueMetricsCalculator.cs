using Dashboard.Calendar;
using Dashboard.Calls;
using Dashboard.Publishing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Queues;

/// <summary>
/// Reads what the queue and agent metrics need, in one round trip, through indexes that reach only today's quarter-hour
/// rows, the callers waiting now and the tenant's agents, so the cost does not grow with history; the arithmetic is
/// <see cref="QueueMetricsBuilder.Build"/>. "Today" is each tenant's business day in its own zone
/// (<c>Tenants:{tenant}:TimeZone</c>, docs/metrics.md §1): a union of quarter-hour rows in any zone.
/// </summary>
internal sealed class QueueMetricsCalculator(
    NpgsqlDataSource dataSource, IOptions<QueueMetricsOptions> options, TenantTimeZones zones, IOptions<PayloadOptions>? payloads = null)
{
    /// <summary>
    /// Tenants with queue or agent state since <paramref name="since"/>: an hourly queue or agent row from then on, or any
    /// agent. One primary-key probe per known tenant, whatever the history.
    /// </summary>
    public async Task<IReadOnlyList<string>> TenantsWithStateSinceAsync(DateTime since, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT f.tenant FROM fold_tenants f
            WHERE EXISTS (SELECT 1 FROM queue_hourly q WHERE q.tenant = f.tenant AND q.hour >= $1)
               OR EXISTS (SELECT 1 FROM agent_hourly h WHERE h.tenant = f.tenant AND h.hour >= $1)
               OR EXISTS (SELECT 1 FROM agents a WHERE a.tenant = f.tenant)
            """);
        cmd.Parameters.AddWithValue(since);
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>The queue and agent metrics of <paramref name="tenants"/> at <paramref name="now"/> (UTC), one entry per tenant.</summary>
    public async Task<IReadOnlyList<TenantQueueMetrics>> ComputeAsync(IReadOnlyCollection<string> tenants, DateTime now, CancellationToken ct)
    {
        if (tenants.Count == 0)
        {
            return [];
        }

        var names = tenants.ToArray();
        var calendars = names.Select(zones.For).ToArray();
        var dayStarts = calendars.Select(c => c.DayStart(now)).ToArray();
        var dayEnds = calendars.Select(c => c.NextDayStart(now)).ToArray();
        await using var batch = dataSource.CreateBatch();
        // queue_hourly and agent_hourly: primary-key range scans over each tenant's own day, [day start, next day start)
        // (a bucket of tomorrow holds only events stamped ahead of the clock).
        AddCommand(batch,
            """
            SELECT q.tenant, q.queue, sum(offered)::bigint, sum(answered)::bigint, sum(answered_within)::bigint, sum(abandoned)::bigint,
                   sum(answer_wait_sum), sum(handled)::bigint, sum(talk_sum), sum(acw_sum)
            FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS k(tenant, day_start, day_end)
            JOIN queue_hourly q ON q.tenant = k.tenant AND q.hour >= k.day_start AND q.hour < k.day_end
            GROUP BY q.tenant, q.queue
            """,
            [names, dayStarts, dayEnds]);
        // calls_waiting: a partial index holding only the callers waiting now.
        AddCommand(batch,
            """
            SELECT tenant, queue, count(*)::int, min(queued_at) FROM calls
            WHERE tenant = ANY($1) AND queued_at > $2 AND answered_at IS NULL AND ended_at IS NULL AND queue IS NOT NULL
            GROUP BY tenant, queue
            """,
            [names, now - CallRow.OpenHorizon]);
        AddCommand(batch, "SELECT tenant, agent_id, name, status, status_since, queues FROM agents WHERE tenant = ANY($1)", [names]);
        AddCommand(batch,
            """
            SELECT h.tenant, sum(available_seconds), sum(on_call_seconds), sum(acw_seconds)
            FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS k(tenant, day_start, day_end)
            JOIN agent_hourly h ON h.tenant = k.tenant AND h.hour >= k.day_start AND h.hour < k.day_end
            GROUP BY h.tenant
            """,
            [names, dayStarts, dayEnds]);

        var days = new Dictionary<string, List<QueueDay>>(StringComparer.Ordinal);
        var waiting = new Dictionary<string, List<WaitingCallers>>(StringComparer.Ordinal);
        var agents = new Dictionary<string, List<StoredAgent>>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, AgentSeconds>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                Add(days, reader.GetString(0), new QueueDay(
                    reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                    reader.GetDouble(6), reader.GetInt64(7), reader.GetDouble(8), reader.GetDouble(9)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Add(waiting, reader.GetString(0), new WaitingCallers(reader.GetString(1), reader.GetInt32(2), reader.GetDateTime(3)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Add(agents, reader.GetString(0), new StoredAgent(
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3),
                    reader.GetDateTime(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                seconds[reader.GetString(0)] = new AgentSeconds(reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
            }
        }

        var settings = options.Value;
        return names
            .Select((t, i) => QueueMetricsBuilder.Build(
                t,
                days.GetValueOrDefault(t) ?? [],
                waiting.GetValueOrDefault(t) ?? [],
                agents.GetValueOrDefault(t) ?? [],
                seconds.GetValueOrDefault(t) ?? AgentSeconds.Zero,
                settings,
                now,
                calendars[i],
                payloads?.Value))
            .ToList();
    }

    private static void AddCommand(NpgsqlBatch batch, string sql, object[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        batch.BatchCommands.Add(command);
    }

    private static void Add<T>(Dictionary<string, List<T>> lists, string tenant, T row)
    {
        if (!lists.TryGetValue(tenant, out var list))
        {
            lists[tenant] = list = [];
        }

        list.Add(row);
    }
}

using Dashboard.Calendar;
using Dashboard.Publishing;
using Dashboard.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Chat;

/// <summary>
/// Reads what the chat metrics need for a set of tenants in one round trip (one batch of seven statements), through
/// indexes that reach only the open sessions, the sessions touched today, today's CSAT responses and the last 24 hours
/// of <c>chat_message_hourly</c>, so the cost follows today's traffic, not the stored history; the arithmetic is
/// <see cref="ChatMetricsBuilder.Build"/> (docs/metrics.md §6).
/// </summary>
internal sealed class ChatMetricsCalculator(NpgsqlDataSource dataSource, TenantTimeZones zones, IOptions<PayloadOptions>? payloads = null)
{
    /// <summary>
    /// Tenants with chat state since <paramref name="since"/> (UTC): an open session, a session assigned, answered or
    /// closed since then, a CSAT response or a message hour since then. A few index probes per known tenant.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> TenantsWithStateSinceAsync(DateTime since, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT f.tenant FROM fold_tenants f
            WHERE EXISTS (SELECT 1 FROM chat_sessions s WHERE s.tenant = f.tenant AND s.is_open)
               OR EXISTS (SELECT 1 FROM chat_sessions s WHERE s.tenant = f.tenant AND s.closed_at >= $1)
               OR EXISTS (SELECT 1 FROM chat_sessions s WHERE s.tenant = f.tenant AND s.agent_assigned_at >= $1)
               OR EXISTS (SELECT 1 FROM chat_sessions s WHERE s.tenant = f.tenant AND s.assigned_at >= $1)
               OR EXISTS (SELECT 1 FROM chat_sessions s WHERE s.tenant = f.tenant AND s.first_response_at >= $1)
               OR EXISTS (SELECT 1 FROM chat_csat c WHERE c.tenant = f.tenant AND c.submitted_at >= $1)
               OR EXISTS (SELECT 1 FROM chat_message_hourly m WHERE m.tenant = f.tenant AND m.hour >= $1)
            """);
        cmd.Parameters.AddWithValue(since);
        return await KnownTenants.ReadAsync(cmd, ct);
    }

    /// <summary>The chat metrics of <paramref name="tenants"/> at <paramref name="now"/> (UTC), one entry per tenant.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<TenantChatMetrics>> ComputeAsync(IReadOnlyCollection<string> tenants, DateTime now, CancellationToken ct)
    {
        if (tenants.Count == 0)
        {
            return [];
        }

        var settings = payloads?.Value;
        var metrics = new List<TenantChatMetrics>(tenants.Count);
        // One batch per time zone in the set (usually one): "today" and the last 24 hours start where the zone says.
        foreach (var group in tenants.Distinct(StringComparer.Ordinal).GroupBy(t => zones.For(t)))
        {
            var rows = await ReadAsync([.. group], group.Key, now, ct);
            metrics.AddRange(group.Select(t => ChatMetricsBuilder.Build(t, group.Key, rows.GetValueOrDefault(t) ?? ChatTenantRows.Empty, now, settings)));
        }

        return metrics;
    }

    private async Task<Dictionary<string, ChatTenantRows>> ReadAsync(string[] names, BusinessCalendar calendar, DateTime now, CancellationToken ct)
    {
        var dayStart = calendar.DayStart(now);
        var hours = ChatMetricsBuilder.LastHours(calendar, now);
        var maxWaiting = payloads?.Value.MaxWaitingSessions ?? new PayloadOptions().MaxWaitingSessions;
        await using var batch = dataSource.CreateBatch();
        // Open sessions per agent (null: waiting): the partial index chat_sessions_open holds only open sessions.
        TenantBatch.AddForTenants(batch,
            """
            SELECT tenant, agent_id, count(*)::int FROM chat_sessions
            WHERE tenant = ANY($1) AND is_open AND (agent_id IS NOT NULL OR opened_at IS NOT NULL)
            GROUP BY tenant, agent_id
            """,
            names);
        // The oldest waiting sessions of each tenant, in the same index's (tenant, opened_at) order.
        TenantBatch.AddForTenants(batch,
            """
            SELECT t.tenant, w.session_id, w.channel, w.opened_at
            FROM unnest($1::text[]) AS t(tenant)
            CROSS JOIN LATERAL (
                SELECT s.session_id, s.channel, s.opened_at FROM chat_sessions s
                WHERE s.tenant = t.tenant AND s.is_open AND s.agent_id IS NULL AND s.opened_at IS NOT NULL
                ORDER BY s.opened_at, s.session_id
                LIMIT $2) w
            ORDER BY t.tenant, w.opened_at, w.session_id
            """,
            names, maxWaiting);
        // Sessions touched today, by their current agent: a range of one of the four partial time indexes each.
        // Negative intervals (a producer's clocks disagreeing) count as 0 s. Sessions without a start are in no average.
        TenantBatch.AddForTenants(batch,
            """
            SELECT tenant, agent_id,
                   count(*) FILTER (WHERE agent_assigned_at >= $2),
                   COALESCE(sum(GREATEST(0, extract(epoch FROM assigned_at - started_at))) FILTER (WHERE assigned_at >= $2 AND started_at IS NOT NULL), 0)::float8,
                   count(*) FILTER (WHERE assigned_at >= $2 AND started_at IS NOT NULL),
                   COALESCE(sum(GREATEST(0, extract(epoch FROM first_response_at - started_at))) FILTER (WHERE first_response_at >= $2 AND started_at IS NOT NULL), 0)::float8,
                   count(*) FILTER (WHERE first_response_at >= $2 AND started_at IS NOT NULL),
                   COALESCE(sum(GREATEST(0, extract(epoch FROM closed_at - started_at))) FILTER (WHERE closed_at >= $2 AND NOT is_open AND resolved AND started_at IS NOT NULL), 0)::float8,
                   count(*) FILTER (WHERE closed_at >= $2 AND NOT is_open AND resolved AND started_at IS NOT NULL),
                   count(*) FILTER (WHERE closed_at >= $2 AND NOT is_open),
                   count(*) FILTER (WHERE closed_at >= $2 AND NOT is_open AND resolved)
            FROM chat_sessions
            WHERE tenant = ANY($1) AND (assigned_at >= $2 OR agent_assigned_at >= $2 OR first_response_at >= $2 OR closed_at >= $2)
            GROUP BY tenant, agent_id
            """,
            names, dayStart);
        // Today's CSAT: the event's agent, else the session's current agent (looked up now: it may be assigned later).
        TenantBatch.AddForTenants(batch,
            """
            SELECT c.tenant, COALESCE(c.agent_id, s.agent_id), c.score::int, count(*)
            FROM chat_csat c LEFT JOIN chat_sessions s ON s.tenant = c.tenant AND s.session_id = c.session_id
            WHERE c.tenant = ANY($1) AND c.submitted_at >= $2
            GROUP BY 1, 2, 3
            """,
            names, dayStart);
        // chat_message_hourly: primary-key range scans, at most 40 rows per tenant and quarter-hour.
        TenantBatch.AddForTenants(batch,
            """
            SELECT tenant, sender, kind, status, sum(messages)::bigint FROM chat_message_hourly
            WHERE tenant = ANY($1) AND hour >= $2 GROUP BY tenant, sender, kind, status
            """,
            names, dayStart);
        TenantBatch.AddForTenants(batch,
            """
            SELECT tenant, hour, sum(messages)::bigint FROM chat_message_hourly
            WHERE tenant = ANY($1) AND hour >= $2 AND hour < $3 GROUP BY tenant, hour
            """,
            names, hours[0], hours[^1].AddHours(1));
        // Names only where the agents table has one (an agent.status_changed with a name); no Queues type is used.
        TenantBatch.AddForTenants(batch, "SELECT tenant, agent_id, name FROM agents WHERE tenant = ANY($1) AND name IS NOT NULL", names);

        var open = new Dictionary<string, List<ChatOpenCount>>(StringComparer.Ordinal);
        var waiting = new Dictionary<string, List<ChatWaitingRow>>(StringComparer.Ordinal);
        var day = new Dictionary<string, List<ChatDayFigures>>(StringComparer.Ordinal);
        var csat = new Dictionary<string, List<ChatCsatCount>>(StringComparer.Ordinal);
        var messages = new Dictionary<string, List<ChatMessageCount>>(StringComparer.Ordinal);
        var perHour = new Dictionary<string, Dictionary<DateTime, long>>(StringComparer.Ordinal);
        var agentNames = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                Append(open, reader.GetString(0), new ChatOpenCount(NullableString(reader, 1), reader.GetInt32(2)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Append(waiting, reader.GetString(0), new ChatWaitingRow(reader.GetString(1), NullableString(reader, 2), reader.GetDateTime(3)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Append(day, reader.GetString(0), new ChatDayFigures(
                    NullableString(reader, 1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4), reader.GetDouble(5),
                    reader.GetInt64(6), reader.GetDouble(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Append(csat, reader.GetString(0), new ChatCsatCount(NullableString(reader, 1), reader.GetInt32(2), reader.GetInt64(3)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Append(messages, reader.GetString(0), new ChatMessageCount(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TenantBatch.Entry(perHour, reader.GetString(0))[DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)] = reader.GetInt64(2);
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TenantBatch.Entry(agentNames, reader.GetString(0))[reader.GetString(1)] = reader.GetString(2);
            }
        }

        return names.ToDictionary(
            t => t,
            t => new ChatTenantRows(
                open.GetValueOrDefault(t) ?? [], waiting.GetValueOrDefault(t) ?? [], day.GetValueOrDefault(t) ?? [],
                csat.GetValueOrDefault(t) ?? [], messages.GetValueOrDefault(t) ?? [],
                perHour.GetValueOrDefault(t) ?? [], agentNames.GetValueOrDefault(t) ?? []),
            StringComparer.Ordinal);
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Append<T>(Dictionary<string, List<T>> lists, string tenant, T row) => TenantBatch.Entry(lists, tenant).Add(row);
}

using Dashboard.Calendar;
using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Chat;

/// <summary>
/// Lists a tenant's sessions in one state for <c>GET /api/v1/chat/sessions</c> (docs/api.md), each state through the
/// index that holds it: open sessions through <c>chat_sessions_open</c>, today's closes through <c>chat_sessions_by_close</c>.
/// </summary>
internal sealed class ChatSessionsReader(NpgsqlDataSource dataSource, TenantTimeZones zones)
{
    /// <summary>The states a session can be listed in, as the <c>state</c> parameter names them.</summary>
    public static readonly string[] States = ["waiting", "active", "closed"];

    /// <summary>At most <paramref name="limit"/> sessions of <paramref name="tenant"/> in <paramref name="state"/> at <paramref name="now"/>, and their true count.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not one of <see cref="States"/>.</exception>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<ChatSessionsReport> ReadAsync(string tenant, string state, int limit, DateTime now, CancellationToken ct)
    {
        var (filter, order) = state switch
        {
            "waiting" => ("is_open AND agent_id IS NULL AND opened_at IS NOT NULL", "opened_at, session_id"),
            "active" => ("is_open AND agent_id IS NOT NULL", "agent_assigned_at DESC NULLS LAST, session_id"),
            "closed" => ("closed_at >= $2 AND NOT is_open", "closed_at DESC, session_id"),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a session state."),
        };
        var calendar = zones.For(tenant);
        var dayStart = calendar.DayStart(now);
        await using var batch = dataSource.CreateBatch();
        // The filters and orders are the constants above, never client text.
        TenantBatch.Add(batch, $"SELECT count(*) FROM chat_sessions WHERE tenant = $1 AND {filter}", tenant, dayStart);
        TenantBatch.Add(batch,
            $"""
            SELECT session_id, channel, started_at, opened_at, assigned_at, agent_id, first_response_at, closed_at, resolved
            FROM chat_sessions WHERE tenant = $1 AND {filter} ORDER BY {order} LIMIT $3
            """,
            tenant, dayStart, limit);

        long total;
        var sessions = new List<ChatSessionListing>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            total = reader.GetInt64(0);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var openedAt = Time(reader, 3);
                sessions.Add(new ChatSessionListing(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    state,
                    Time(reader, 2),
                    openedAt,
                    Time(reader, 4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    Time(reader, 6),
                    Time(reader, 7),
                    state == "closed" ? reader.GetBoolean(8) : null,
                    state == "waiting" && openedAt is { } t ? Math.Round(Math.Max(0, (now - t).TotalSeconds), 1) : null));
            }
        }

        return new ChatSessionsReport(state, total, sessions, calendar.TimeZone, dayStart, now);
    }

    private static DateTime? Time(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);
}

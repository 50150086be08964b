namespace Dashboard.Retention;

/// <summary>
/// The retention deletes of the chat tables (migration 0007): rows whose newest event time is older than
/// <c>Retention:Days</c>, and message roll-ups older than <c>Retention:RollupDays</c> (docs/retention.md). Each is one
/// batch of at most <c>$2</c> rows older than <c>$1</c>, run in a loop by <see cref="RetentionSweeper"/>.
/// </summary>
/// <remarks>
/// Ingestion refuses events older than <c>Retention:Days</c>, so no event can arrive later for a deleted row and count
/// it again; a late <c>chat.message_status</c> of a deleted message makes a row with only its status, which counts
/// nowhere and is deleted in turn.
/// </remarks>
internal static class ChatRetentionSql
{
    // Closed (and not reopened since) before the cutoff; per tenant with state through chat_sessions_by_close.
    public const string ClosedSessions = """
        DELETE FROM chat_sessions s USING (
            SELECT t.tenant, x.session_id
            FROM fold_tenants t
            CROSS JOIN LATERAL (
                SELECT session_id FROM chat_sessions
                WHERE tenant = t.tenant AND closed_at IS NOT NULL AND closed_at < $1 AND NOT is_open
                LIMIT $2
            ) x
            LIMIT $2
        ) old
        WHERE s.tenant = old.tenant AND s.session_id = old.session_id AND s.closed_at < $1 AND NOT s.is_open
        """;

    // Open, with no event of any kind since the cutoff: its close was lost, so it would otherwise wait or stay active forever.
    public const string LostSessions = """
        DELETE FROM chat_sessions s USING (
            SELECT t.tenant, x.session_id
            FROM fold_tenants t
            CROSS JOIN LATERAL (
                SELECT session_id FROM chat_sessions
                WHERE tenant = t.tenant AND is_open
                  AND COALESCE(GREATEST(started_at, opened_at, assigned_at, agent_assigned_at, first_response_at, closed_at), '-infinity') < $1
                LIMIT $2
            ) x
            LIMIT $2
        ) old
        WHERE s.tenant = old.tenant AND s.session_id = old.session_id
          AND COALESCE(GREATEST(s.started_at, s.opened_at, s.assigned_at, s.agent_assigned_at, s.first_response_at, s.closed_at), '-infinity') < $1
        """;

    // By the message's time, or its status's when its chat.message never came; written as two ranges so that both use
    // chat_messages_by_time (tenant, sent_at), which also indexes the rows whose sent_at is null.
    public const string Messages = """
        DELETE FROM chat_messages m USING (
            SELECT t.tenant, x.message_id
            FROM fold_tenants t
            CROSS JOIN LATERAL (
                SELECT message_id FROM chat_messages
                WHERE tenant = t.tenant
                  AND ((sent_at < $1 AND (status_at IS NULL OR status_at < $1)) OR (sent_at IS NULL AND status_at < $1))
                LIMIT $2
            ) x
            LIMIT $2
        ) old
        WHERE m.tenant = old.tenant AND m.message_id = old.message_id
          AND ((m.sent_at < $1 AND (m.status_at IS NULL OR m.status_at < $1)) OR (m.sent_at IS NULL AND m.status_at < $1))
        """;

    public const string Csat = """
        DELETE FROM chat_csat c USING (
            SELECT t.tenant, x.source, x.event_id
            FROM fold_tenants t
            CROSS JOIN LATERAL (SELECT source, event_id FROM chat_csat WHERE tenant = t.tenant AND submitted_at < $1 LIMIT $2) x
            LIMIT $2
        ) old
        WHERE c.tenant = old.tenant AND c.source = old.source AND c.event_id = old.event_id
        """;

    public const string MessageHourly = """
        DELETE FROM chat_message_hourly h USING (
            SELECT tenant, hour, sender, kind, status FROM chat_message_hourly WHERE hour < $1 LIMIT $2
        ) old
        WHERE h.tenant = old.tenant AND h.hour = old.hour AND h.sender = old.sender AND h.kind = old.kind AND h.status = old.status
        """;
}

namespace Dashboard.Retention;

/// <summary>
/// The retention deletes of the chat tables (migration 0007): rows whose newest event time is older than
/// <c>Retention:Days</c>, and message roll-ups older than <c>Retention:RollupDays</c> (docs/architecture.md §8). Each is one
/// batch of at most <c>$2</c> rows older than <c>$1</c>, run in a loop by <see cref="RetentionSweeper"/>.
/// </summary>
/// <remarks>
/// Ingestion refuses events older than <c>Retention:Days</c>, so no event can arrive later for a deleted row and count
/// it again; a late <c>chat.message_status</c> of a deleted message makes a row with only its status, which counts
/// nowhere and is deleted in turn.
/// </remarks>
internal static class ChatRetentionSql
{
    // Closed (and not reopened since) before the cutoff, through chat_sessions_by_close.
    public static readonly string ClosedSessions =
        RetentionSweeper.PerTenantSql("chat_sessions", ["session_id"], "closed_at IS NOT NULL AND closed_at < $1 AND NOT is_open");

    // Open, with no event of any kind since the cutoff: its close was lost, so it would otherwise wait or stay active forever.
    public static readonly string LostSessions = RetentionSweeper.PerTenantSql(
        "chat_sessions",
        ["session_id"],
        "is_open AND COALESCE(GREATEST(started_at, opened_at, assigned_at, agent_assigned_at, first_response_at, closed_at), '-infinity') < $1");

    // By the message's time, or its status's when its chat.message never came; written as two ranges so that both use
    // chat_messages_by_time (tenant, sent_at), which also indexes the rows whose sent_at is null.
    public static readonly string Messages = RetentionSweeper.PerTenantSql(
        "chat_messages",
        ["message_id"],
        "(sent_at < $1 AND (status_at IS NULL OR status_at < $1)) OR (sent_at IS NULL AND status_at < $1)");

    public static readonly string Csat = RetentionSweeper.PerTenantSql("chat_csat", ["source", "event_id"], "submitted_at < $1");

    public const string MessageHourly = """
        DELETE FROM chat_message_hourly h USING (
            SELECT tenant, hour, sender, kind, status FROM chat_message_hourly WHERE hour < $1 LIMIT $2
        ) old
        WHERE h.tenant = old.tenant AND h.hour = old.hour AND h.sender = old.sender AND h.kind = old.kind AND h.status = old.status
        """;
}

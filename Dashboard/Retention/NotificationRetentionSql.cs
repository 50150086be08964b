namespace Dashboard.Retention;

/// <summary>
/// The retention deletes of the notification tables (migration 0014, docs/notifications.md "Retention"): notifications
/// created, and read marks set, more than <c>Retention:Days</c> ago. A mark is set after its notification was created, so
/// a mark past the cutoff belongs to a notification past it too; the marks of a notification deleted meanwhile go when
/// they reach the cutoff themselves (nothing reads a mark without its notification). Each is one batch of at most
/// <c>$2</c> rows older than <c>$1</c>, run in a loop by <see cref="RetentionSweeper"/>.
/// </summary>
internal static class NotificationRetentionSql
{
    // Through notifications_by_created.
    public const string Notifications = """
        DELETE FROM notifications n USING (
            SELECT tenant, id FROM notifications WHERE created_at < $1 LIMIT $2
        ) old
        WHERE n.tenant = old.tenant AND n.id = old.id
        """;

    // Through notification_reads_by_read.
    public const string ReadMarks = """
        DELETE FROM notification_reads r USING (
            SELECT tenant, subject, notification_id FROM notification_reads WHERE read_at < $1 LIMIT $2
        ) old
        WHERE r.tenant = old.tenant AND r.subject = old.subject AND r.notification_id = old.notification_id
        """;
}

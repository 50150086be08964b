namespace Dashboard.Retention;

/// <summary>
/// The retention delete of alert history (migration 0014, docs/alert-states.md "History"): transitions older than
/// <c>Retention:Days</c> (at least 1 day, so the Alerts page's last 24 h are always whole). Instances are never deleted
/// here: they are current state, removed with their rule. One batch of at most <c>$2</c> rows older than <c>$1</c>, run in
/// a loop by <see cref="RetentionSweeper"/>.
/// </summary>
internal static class AlertRetentionSql
{
    // Through alert_transitions_by_at.
    public const string Transitions = """
        DELETE FROM alert_transitions t USING (
            SELECT id FROM alert_transitions WHERE at < $1 LIMIT $2
        ) old
        WHERE t.id = old.id
        """;
}

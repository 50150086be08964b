using Npgsql;

namespace Dashboard.Notifications;

/// <summary>
/// Writes a rule's notification inside the alert evaluator's transaction (docs/alerts.md, "Exactly once"): the row
/// commits with the state change it announces, so neither a restart nor a failover sends it twice or loses it.
/// </summary>
internal static class RuleNotificationRows
{
    /// <summary>Inserts one rule notification on <paramref name="connection"/>'s open transaction and returns it as stored.</summary>
    /// <remarks><c>state</c> is <c>firing</c>, <c>escalated</c>, <c>deescalated</c> or <c>resolved</c>; the texts' bounds are
    /// those of <see cref="NotificationItem"/>.</remarks>
    /// <exception cref="NpgsqlException">The insert failed (the caller's transaction rolls back with it).</exception>
    public static async Task<NotificationItem> InsertAsync(
        NpgsqlConnection connection, string tenant, string ruleId, long alertId, string state, string title, string message,
        string severity, string? actionUrl, DateTimeOffset createdAt, CancellationToken ct)
    {
        const string Category = "alert";
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO notifications (tenant, source, title, message, severity, category, action_url, created_at, rule_id, alert_id, state)
            VALUES ($1, 'rule', $2, $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING id
            """, connection);
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(title);
        command.Parameters.AddWithValue(message);
        command.Parameters.AddWithValue(severity);
        command.Parameters.AddWithValue(Category);
        command.Parameters.AddWithValue((object?)actionUrl ?? DBNull.Value);
        command.Parameters.AddWithValue(createdAt.UtcDateTime);
        command.Parameters.AddWithValue(ruleId);
        command.Parameters.AddWithValue(alertId);
        command.Parameters.AddWithValue(state);
        var id = (long)(await command.ExecuteScalarAsync(ct))!;
        return new NotificationItem(id, title, message, severity, Category, actionUrl, createdAt, "rule", ruleId, alertId, state);
    }
}

using Npgsql;

namespace Dashboard.Notifications;

/// <summary>
/// Reads the stored notifications (table <c>notifications</c>, docs/notifications.md): a user's page with read marks,
/// each tenant's newest for the snapshot.
/// </summary>
internal sealed class NotificationReader(NpgsqlDataSource dataSource)
{
    private const string Columns = "n.id, n.title, n.message, n.severity, n.category, n.action_url, n.created_at, n.source, n.rule_id, n.alert_id, n.state";

    /// <summary>
    /// The newest <paramref name="limit"/> notifications of <paramref name="tenant"/>, newest first, each with whether
    /// <paramref name="subject"/> marked it read; only unread ones among the newest <see cref="NotificationMessages.MaxItems"/>
    /// when <paramref name="unreadOnly"/>. <see cref="NotificationPage.UnreadCount"/> counts the unread among the newest
    /// <see cref="NotificationMessages.MaxItems"/> whatever the filter.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<NotificationPage> ReadAsync(string tenant, string subject, bool unreadOnly, int limit, CancellationToken ct)
    {
        // One query: the newest 100 with their marks, the unread count over them, then the filter and the limit (a
        // window function is computed before the LIMIT, so the count covers every row the filter kept or, unfiltered, all).
        await using var command = dataSource.CreateCommand($"""
            WITH newest AS (
                SELECT {Columns}, (r.notification_id IS NOT NULL) AS is_read
                FROM notifications n
                LEFT JOIN notification_reads r ON r.tenant = n.tenant AND r.subject = $2 AND r.notification_id = n.id
                WHERE n.tenant = $1
                ORDER BY n.id DESC
                LIMIT $3
            ), counted AS (
                SELECT *, count(*) FILTER (WHERE NOT is_read) OVER () AS unread FROM newest
            )
            SELECT * FROM counted WHERE NOT ($4 AND is_read) ORDER BY id DESC LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        command.Parameters.Add(new NpgsqlParameter { Value = NotificationMessages.MaxItems });
        command.Parameters.Add(new NpgsqlParameter { Value = unreadOnly });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<NotificationItem>(limit);
        long unread = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(Item(reader) with { Read = reader.GetBoolean(11) });
            unread = reader.GetInt64(12);
        }

        // An empty page means nothing unread: unfiltered it lists whatever exists, filtered every unread one.
        return new NotificationPage(items, items.Count, (int)unread);
    }

    /// <summary>
    /// The newest <see cref="NotificationMessages.MaxItems"/> notifications of each of <paramref name="tenants"/> (one
    /// query), newest first, with the id of the newest; tenants without any are left out. <c>read</c> is null.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<(string Tenant, long NewestId, NotificationList List)>> LatestAsync(IReadOnlyCollection<string> tenants, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns}, t.tenant
            FROM unnest($1::text[]) AS t(tenant)
            CROSS JOIN LATERAL (SELECT * FROM notifications x WHERE x.tenant = t.tenant ORDER BY x.id DESC LIMIT $2) AS n
            ORDER BY t.tenant, n.id DESC
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenants.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = NotificationMessages.MaxItems });
        var result = new List<(string, long, NotificationList)>();
        string? current = null;
        List<NotificationItem> items = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var tenant = reader.GetString(11);
            if (tenant != current)
            {
                Flush();
                (current, items) = (tenant, []);
            }

            items.Add(Item(reader));
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is not null)
            {
                result.Add((current, items[0].Id, new NotificationList(items, items.Count)));
            }
        }
    }

    private static NotificationItem Item(NpgsqlDataReader r) => new(
        Id: r.GetInt64(0),
        Title: r.GetString(1),
        Message: r.GetString(2),
        Severity: r.GetString(3),
        Category: r.IsDBNull(4) ? null : r.GetString(4),
        ActionUrl: r.IsDBNull(5) ? null : r.GetString(5),
        CreatedAt: new DateTimeOffset(r.GetDateTime(6), TimeSpan.Zero),
        Source: r.GetString(7),
        RuleId: r.IsDBNull(8) ? null : r.GetString(8),
        AlertId: r.IsDBNull(9) ? null : r.GetInt64(9),
        State: r.IsDBNull(10) ? null : r.GetString(10));
}

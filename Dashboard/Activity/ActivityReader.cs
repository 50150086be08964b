using Npgsql;

namespace Dashboard.Activity;

/// <summary>Reads the stored feed (table <c>activity</c>, docs/activity.md): a tenant's newest lines, and which tenants have new ones.</summary>
internal sealed class ActivityReader(NpgsqlDataSource dataSource)
{
    private const string Columns = "a.source, a.event_id, a.type, a.domain, a.subject, a.summary, a.severity, a.time";

    /// <summary>
    /// The newest <paramref name="limit"/> lines of <paramref name="tenant"/>, newest (highest id) first; only of event type
    /// <paramref name="type"/> or of domain <paramref name="domain"/> when given.
    /// </summary>
    public async Task<ActivityList> ReadAsync(string tenant, int limit, string? type, string? domain, CancellationToken ct)
    {
        var filter = type is not null ? " AND a.type = $3" : domain is not null ? " AND a.domain = $3" : "";
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM activity a WHERE a.tenant = $1{filter} ORDER BY a.id DESC LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        if ((type ?? domain) is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var items = new List<ActivityEntry>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(Entry(reader, 0));
        }

        return new ActivityList(items, items.Count);
    }

    /// <summary>
    /// The newest <see cref="ActivityMessages.MaxItems"/> lines of each of <paramref name="tenants"/> (one query), newest
    /// first, with the id of the newest; tenants without lines are left out.
    /// </summary>
    public async Task<IReadOnlyList<(string Tenant, long NewestId, ActivityList List)>> LatestAsync(IReadOnlyCollection<string> tenants, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT t.tenant, a.id, {Columns}
            FROM unnest($1::text[]) AS t(tenant)
            CROSS JOIN LATERAL (SELECT * FROM activity x WHERE x.tenant = t.tenant ORDER BY x.id DESC LIMIT $2) AS a
            ORDER BY t.tenant, a.id DESC
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenants.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = ActivityMessages.MaxItems });
        var result = new List<(string, long, ActivityList)>();
        string? current = null;
        long newest = 0;
        List<ActivityEntry> items = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var tenant = reader.GetString(0);
            if (tenant != current)
            {
                Flush();
                (current, newest, items) = (tenant, reader.GetInt64(1), []);
            }

            items.Add(Entry(reader, 2));
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is not null)
            {
                result.Add((current, newest, new ActivityList(items, items.Count)));
            }
        }
    }

    /// <summary>
    /// Each tenant's newest line id among the lines received since <paramref name="since"/> (<paramref name="since"/> null:
    /// every tenant with lines, found by a skip scan of the primary key rather than reading the table).
    /// </summary>
    public async Task<Dictionary<string, long>> NewestIdsAsync(DateTime? since, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(since is null
            ? """
              WITH RECURSIVE t(tenant) AS (
                  SELECT min(tenant) FROM activity
                  UNION ALL
                  SELECT (SELECT min(a.tenant) FROM activity a WHERE a.tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL)
              SELECT t.tenant, (SELECT max(a.id) FROM activity a WHERE a.tenant = t.tenant) FROM t WHERE t.tenant IS NOT NULL
              """
            : "SELECT tenant, max(id) FROM activity WHERE received_at >= $1 GROUP BY tenant");
        if (since is { } s)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = s });
        }

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }

        return ids;
    }

    private static ActivityEntry Entry(NpgsqlDataReader r, int at) => new(
        EventId: r.GetString(at + 1),
        Source: r.GetString(at),
        Type: r.GetString(at + 2),
        Domain: r.GetString(at + 3),
        Subject: r.IsDBNull(at + 4) ? null : r.GetString(at + 4),
        Summary: r.GetString(at + 5),
        Severity: r.GetString(at + 6),
        Time: new DateTimeOffset(r.GetDateTime(at + 7), TimeSpan.Zero));
}

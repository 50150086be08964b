using Npgsql;

namespace Dashboard.Activity;

/// <summary>Reads the stored feed (table <c>activity</c>, docs/activity.md): a tenant's newest lines (which tenants have new ones: <see cref="Dashboard.Publishing.FeedChanges"/>).</summary>
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
    /// first, with the id of the newest and the sum of the listed ids (which tells two lists apart); tenants without lines
    /// are left out.
    /// </summary>
    public async Task<IReadOnlyList<(string Tenant, long NewestId, long IdSum, ActivityList List)>> LatestAsync(IReadOnlyCollection<string> tenants, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT t.tenant, a.id, {Columns}
            FROM unnest($1::text[]) AS t(tenant)
            CROSS JOIN LATERAL (SELECT * FROM activity x WHERE x.tenant = t.tenant ORDER BY x.id DESC LIMIT $2) AS a
            ORDER BY t.tenant, a.id DESC
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenants.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = ActivityMessages.MaxItems });
        var result = new List<(string, long, long, ActivityList)>();
        string? current = null;
        long newest = 0, sum = 0;
        List<ActivityEntry> items = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var tenant = reader.GetString(0);
            if (tenant != current)
            {
                Flush();
                (current, newest, sum, items) = (tenant, reader.GetInt64(1), 0, []);
            }

            sum = unchecked(sum + reader.GetInt64(1));
            items.Add(Entry(reader, 2));
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is not null)
            {
                result.Add((current, newest, sum, new ActivityList(items, items.Count)));
            }
        }
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

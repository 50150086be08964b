using Npgsql;

namespace Dashboard.Publishing;

/// <summary>What one check of a feed table found for one tenant (<see cref="FeedChanges"/>).</summary>
/// <param name="NewestId">The tenant's newest row id among the rows the check looked at.</param>
/// <param name="RowsSince">Rows created at or after the check's window start that are visible now (0 without a start).</param>
/// <param name="RowsSinceNext">Rows created at or after the next check's window start.</param>
internal readonly record struct FeedCounts(long NewestId, long RowsSince, long RowsSinceNext);

/// <summary>
/// Which tenants' feed snapshots are due, for the tick's feed steps (the activity lines, docs/activity.md "Snapshot";
/// the notifications, docs/notifications.md "Snapshot"): a tenant is due when its newest row id grew since this node last
/// published it, or when the number of its rows created since a fixed time changed. An id is taken when its row is
/// written, not when it commits, so a row can become visible below an id already published (a statement or the alert
/// evaluator's transaction committing late); the id alone would never show it, the count does. One instance per feed,
/// used by one tick at a time.
/// </summary>
/// <remarks>
/// Rows are looked for among those created since the previous check minus <see cref="ClockSlack"/> (the time is the
/// writing node's clock). Feed rows are never edited and only retention (rows days old) deletes them, so the count since
/// a fixed time only grows: each check counts since the window start the previous check fixed and since the next one.
/// </remarks>
internal sealed class FeedChanges(string table, string createdColumn)
{
    /// <summary>How far before the previous check rows are looked for: other nodes' clocks and commits still in flight.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, long> _published = new(StringComparer.Ordinal);
    // Per tenant: rows created since _windowStart that the previous check saw; -1 = publish again (a refused message).
    private Dictionary<string, long> _rows = new(StringComparer.Ordinal);
    private DateTime? _windowStart;

    /// <summary>
    /// Reads the counts (one query) and returns the due tenants; then call <see cref="Published"/> with the outcome, even
    /// when none is due. On the first check every tenant with rows is due (found by a skip scan of the primary key).
    /// </summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public async Task<(List<string> Due, FeedCheck Check)> DueAsync(NpgsqlDataSource dataSource, DateTime now, CancellationToken ct)
    {
        var next = now - ClockSlack;
        var counts = await ReadAsync(dataSource, next, ct);
        var due = counts
            .Where(kv => !_published.TryGetValue(kv.Key, out var seen) || kv.Value.NewestId > seen
                || (_rows.TryGetValue(kv.Key, out var rows) ? rows != kv.Value.RowsSince : _windowStart is not null && kv.Value.RowsSince > 0))
            .Select(kv => kv.Key)
            .ToList();
        return (due, new FeedCheck(counts, next));
    }

    /// <summary>
    /// Records a check: the tenants whose snapshot was published with its newest id, and the ones whose message failed
    /// (due again next check).
    /// </summary>
    public void Published(FeedCheck check, IEnumerable<(string Tenant, long NewestId)> published, IReadOnlySet<string> failed)
    {
        foreach (var (tenant, id) in published)
        {
            if (!failed.Contains(tenant))
            {
                _published[tenant] = id;
            }
        }

        var rows = check.Counts.ToDictionary(kv => kv.Key, kv => failed.Contains(kv.Key) ? -1 : kv.Value.RowsSinceNext, StringComparer.Ordinal);
        (_rows, _windowStart) = (rows, check.NextWindowStart);
    }

    private async Task<Dictionary<string, FeedCounts>> ReadAsync(NpgsqlDataSource dataSource, DateTime next, CancellationToken ct)
    {
        // table and createdColumn are the callers' constants, never input. The second form goes through the table's index
        // on createdColumn.
        await using var command = dataSource.CreateCommand(_windowStart is null
            ? $"""
              WITH RECURSIVE t(tenant) AS (
                  SELECT min(tenant) FROM {table}
                  UNION ALL
                  SELECT (SELECT min(x.tenant) FROM {table} x WHERE x.tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL)
              SELECT t.tenant, (SELECT max(x.id) FROM {table} x WHERE x.tenant = t.tenant), 0::bigint,
                     (SELECT count(*) FROM {table} x WHERE x.tenant = t.tenant AND x.{createdColumn} >= $1)
              FROM t WHERE t.tenant IS NOT NULL
              """
            : $"""
              SELECT tenant, max(id), count(*), count(*) FILTER (WHERE {createdColumn} >= $1)
              FROM {table} WHERE {createdColumn} >= $2 GROUP BY tenant
              """);
        command.Parameters.Add(new NpgsqlParameter { Value = next });
        if (_windowStart is { } start)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = start });
        }

        var counts = new Dictionary<string, FeedCounts>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = new(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        return counts;
    }

    /// <summary>One check's counts and the window start it fixed for the next.</summary>
    internal sealed record FeedCheck(IReadOnlyDictionary<string, FeedCounts> Counts, DateTime NextWindowStart);
}

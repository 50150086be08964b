using Npgsql;

namespace Dashboard.Rollups;

/// <summary>
/// Moves the hourly roll-ups (<c>call_hourly</c>, <c>queue_hourly</c>, <c>agent_hourly</c>) of UTC days that ended more
/// than <see cref="Age"/> ago into the daily tables (<c>call_daily</c>, <c>queue_daily</c>, <c>agent_daily</c>), so the
/// hourly tables hold about <see cref="Age"/> of hours whatever the stored history, and per-day totals survive for
/// <c>Retention:RollupDays</c>.
/// </summary>
/// <remarks>
/// <para>
/// Exactly once: one statement per table (<c>DELETE … RETURNING</c> feeding an additive upsert into the daily table) is
/// one transaction, so an hourly row is either still hourly or already added to its day, never both and never neither.
/// A second run finds nothing to move. A reader summing both tables in one statement sees each row on exactly one side.
/// </para>
/// <para>
/// Concurrent with the fold, which adds deltas into hourly rows with <c>INSERT … ON CONFLICT DO UPDATE</c> (a late event
/// can touch an hour already rolled up, or about to be). Both take the hourly row's lock, so one waits for the other:
/// if the fold's upsert commits first, the <c>DELETE</c> (read committed) re-reads the row's newest version and moves it
/// with the fold's delta included; if the <c>DELETE</c> commits first, the fold's upsert finds no live row and inserts a
/// new one holding only its delta, which the next run adds to the same day. A row the fold inserts after this
/// statement's snapshot is not seen by it and is moved next run. Nothing is lost or counted twice. The daily tables are
/// written only here (one firing at a time in the cluster). Should the two transactions ever wait on each other's rows,
/// PostgreSQL aborts one with a deadlock error; both are all-or-nothing and their next firing redoes the work.
/// </para>
/// </remarks>
internal sealed class DailyRollup(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>
    /// How long an hour stays in the hourly tables: the longest window any query reads (<c>hours</c> ≤ 168, 7 days,
    /// docs/metrics.md §1) plus a day's margin, so no windowed query ever needs a rolled-up hour.
    /// </summary>
    public static readonly TimeSpan Age = TimeSpan.FromDays(8);

    /// <summary>Hourly rows moved per table per run: one statement's lock footprint; a backlog drains over runs.</summary>
    public const int DefaultBatchRows = 20_000;

    /// <summary>Hourly rows moved per table per run (tests lower it).</summary>
    internal int BatchRows { get; init; } = DefaultBatchRows;

    /// <summary>
    /// The first hour that is NOT rolled up at <paramref name="now"/>: midnight UTC of the day <see cref="Age"/> ago.
    /// Every hour before it belongs to a UTC day that ended at least <see cref="Age"/> ago.
    /// </summary>
    public static DateTime Cutoff(DateTimeOffset now) => (now.UtcDateTime - Age).Date;

    /// <summary>Moves up to <see cref="BatchRows"/> of the oldest eligible hourly rows of each table into their days.</summary>
    /// <returns>Hourly rows moved per hourly table.</returns>
    public async Task<RollupResult> RunAsync(CancellationToken ct)
    {
        var cutoff = Cutoff(time.GetUtcNow());
        var moved = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in RollupTable.All)
        {
            await using var cmd = dataSource.CreateCommand(MoveSql(table));
            cmd.Parameters.AddWithValue(cutoff);
            cmd.Parameters.AddWithValue(BatchRows);
            moved[table.Hourly] = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        return new RollupResult(moved);
    }

    // Oldest hours first (call_hourly_by_hour...), so a backlog drains in day order. GROUP BY: one upsert row per day
    // and key, as ON CONFLICT DO UPDATE may not touch a row twice in one statement. Sums, so negative deltas (a call
    // that moved out of an hour) are carried over too.
    private static string MoveSql(RollupTable t) => $"""
        WITH picked AS (
            SELECT tenant, hour, {t.Key} FROM {t.Hourly} WHERE hour < $1 ORDER BY hour LIMIT $2
        ), moved AS (
            DELETE FROM {t.Hourly} h USING picked p
            WHERE h.tenant = p.tenant AND h.hour = p.hour AND h.{t.Key} = p.{t.Key}
            RETURNING h.*
        ), added AS (
            INSERT INTO {t.Daily} AS d (tenant, day, {t.Key}, {string.Join(", ", t.Counters)})
            SELECT tenant, (hour AT TIME ZONE 'UTC')::date, {t.Key}, {string.Join(", ", t.Counters.Select(c => $"sum({c})"))}
            FROM moved
            GROUP BY 1, 2, 3
            ON CONFLICT (tenant, day, {t.Key}) DO UPDATE SET {string.Join(", ", t.Counters.Select(c => $"{c} = d.{c} + EXCLUDED.{c}"))}
        )
        SELECT count(*) FROM moved
        """;
}

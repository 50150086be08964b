using Dashboard.Calendar;
using Npgsql;

namespace Dashboard.Rollups;

/// <summary>
/// Moves the quarter-hour roll-ups (<c>call_hourly</c>, <c>queue_hourly</c>, <c>agent_hourly</c>) of business days that
/// ended more than <see cref="Age"/> ago into the daily tables (<c>call_daily</c>, <c>queue_daily</c>, <c>agent_daily</c>),
/// so the quarter-hour tables hold about <see cref="Age"/> whatever the stored history, and per-day totals survive for
/// <c>Retention:RollupDays</c>. Each tenant's rows go into its LOCAL date in the zone it has at roll-up time
/// (<c>Tenants:{tenant}:TimeZone</c>, default UTC), and the daily row records that zone (<c>time_zone</c>, migration
/// 0009): days rolled up before a zone change keep that zone's boundaries (docs/metrics.md §1).
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
internal sealed class DailyRollup(NpgsqlDataSource dataSource, TenantTimeZones zones, TimeProvider time)
{
    /// <summary>
    /// How long a quarter-hour row stays in the quarter-hour tables: the longest window any query reads (<c>hours</c> ≤ 168, 7 days,
    /// docs/metrics.md §1) plus a day's margin, so no windowed query ever needs a rolled-up hour.
    /// </summary>
    public static readonly TimeSpan Age = TimeSpan.FromDays(8);

    /// <summary>Quarter-hour rows moved per table per run: one statement's lock footprint; a backlog drains over runs.</summary>
    public const int DefaultBatchRows = 20_000;

    /// <summary>Quarter-hour rows moved per table per run (tests lower it).</summary>
    internal int BatchRows { get; init; } = DefaultBatchRows;

    /// <summary>
    /// The first instant that is NOT rolled up at <paramref name="now"/> for a tenant of <paramref name="calendar"/>: local
    /// midnight of the date <see cref="Age"/> before today's. Every bucket before it belongs to a local day that ended at
    /// least <see cref="Age"/> ago (in a UTC tenant, midnight UTC of the day 8 days ago).
    /// </summary>
    public static DateTime Cutoff(BusinessCalendar calendar, DateTimeOffset now) =>
        calendar.StartOf(calendar.LocalDate(now.UtcDateTime).AddDays(-Age.Days));

    /// <summary>Moves up to <see cref="BatchRows"/> of the oldest eligible rows of each table into their days.</summary>
    /// <returns>Quarter-hour rows moved per table.</returns>
    public async Task<RollupResult> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Every tenant with a configured zone gets its own zone and cutoff; all others are UTC tenants.
        var configured = zones.Configured.ToList();
        var utcCutoff = Cutoff(BusinessCalendar.Utc, now);
        var cutoffs = configured.Select(t => Cutoff(t.Calendar, now)).ToArray();
        var moved = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in RollupTable.All)
        {
            await using var cmd = dataSource.CreateCommand(MoveSql(table));
            cmd.Parameters.AddWithValue(configured.Select(t => t.Tenant).ToArray());
            cmd.Parameters.AddWithValue(configured.Select(t => t.Calendar.TimeZone).ToArray());
            cmd.Parameters.Add(new NpgsqlParameter { Value = cutoffs, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz });
            cmd.Parameters.AddWithValue(utcCutoff);
            cmd.Parameters.AddWithValue(cutoffs.Append(utcCutoff).Max());
            cmd.Parameters.AddWithValue(BatchRows);
            moved[table.Hourly] = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        return new RollupResult(moved);
    }

    // $1/$2/$3: the configured tenants, their zones and cutoffs; $4: the cutoff of every other (UTC) tenant; $5: the
    // latest cutoff, so the scan is a range of the `hour` index (…_by_hour) in hour order, oldest first, and a backlog
    // drains in day order; a row between its own tenant's cutoff and $5 (at most a day of them) is read and skipped.
    // array_position instead of a join keeps that order for LIMIT. GROUP BY: one upsert row per (tenant, date, key, zone),
    // as ON CONFLICT DO UPDATE may not touch a row twice in one statement. Sums, so negative deltas (a call that moved out
    // of a bucket) are carried over too. A quarter-hour lies wholly inside one local date in any accepted zone
    // (TenantTimeZones), so `(hour AT TIME ZONE zone)::date` is its date; an old whole-hour row counts on the date of
    // the quarter it starts.
    private static string MoveSql(RollupTable t) => $"""
        WITH picked AS (
            SELECT tenant, hour, {t.Key} FROM {t.Hourly}
            WHERE hour < $5 AND hour < coalesce(($3::timestamptz[])[array_position($1::text[], tenant)], $4)
            ORDER BY hour LIMIT $6
        ), moved AS (
            DELETE FROM {t.Hourly} h USING picked p
            WHERE h.tenant = p.tenant AND h.hour = p.hour AND h.{t.Key} = p.{t.Key}
            RETURNING h.*, coalesce(($2::text[])[array_position($1::text[], h.tenant)], 'UTC') AS zone
        ), added AS (
            INSERT INTO {t.Daily} AS d (tenant, day, {t.Key}, time_zone, {string.Join(", ", t.Counters)})
            SELECT tenant, (hour AT TIME ZONE zone)::date, {t.Key}, zone, {string.Join(", ", t.Counters.Select(c => $"sum({c})"))}
            FROM moved
            GROUP BY 1, 2, 3, 4
            ON CONFLICT (tenant, day, {t.Key}, time_zone) DO UPDATE SET {string.Join(", ", t.Counters.Select(c => $"{c} = d.{c} + EXCLUDED.{c}"))}
        )
        SELECT count(*) FROM moved
        """;
}

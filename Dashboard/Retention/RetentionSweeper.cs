using Dashboard.Folding;
using Dashboard.Rollups;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Retention;

/// <summary>
/// Deletes history past <see cref="RetentionOptions"/>: folded <c>events</c>, ended <c>calls</c>, closed chat sessions,
/// chat messages and CSAT responses, commerce users and settled transactions older than <c>Retention:Days</c>, roll-ups
/// and commerce buckets older than <c>Retention:RollupDays</c> (<see cref="ChatRetentionSql"/>, <see cref="CommerceRetentionSql"/>), KPI points, stopped
/// KPI series and activity lines (<see cref="KpiRetentionSql"/>), notifications and their read marks
/// (<see cref="NotificationRetentionSql"/>), alert transitions (<see cref="AlertRetentionSql"/>). Campaign counters (<c>campaigns</c>), agents'
/// current state and the fold's bookkeeping are never touched.
/// </summary>
/// <remarks>
/// <para>
/// Every delete is a statement of at most <see cref="BatchRows"/> rows in its own transaction, repeated until nothing
/// is left or the step has used <see cref="StepBudget"/>: no run holds many locks or one lock for long, the fold and
/// ingestion keep going meanwhile, and a large backlog (a lowered <c>Retention:Days</c>, a long outage) is worked
/// down over runs. Each step has its own budget, so a backlog of events does not starve the others.
/// </para>
/// <para>
/// Events are deleted only behind the fold's watermark (<c>(txid, seq) &lt;=</c> the <c>campaign_metrics</c> row of
/// <c>fold_watermarks</c>): an event the fold has not applied yet is kept whatever its age, so a late-arriving old event
/// still counts. The watermark only moves forward, so reading it in each statement is safe.
/// </para>
/// <para>
/// Hourly rows are moved into days by <see cref="DailyRollup"/> once their day is <see cref="DailyRollup.Age"/> old, so
/// hourly rows older than <c>Retention:Days</c> exist only while the roll-up is behind. They are left for it (deleting
/// them would lose their days) unless their day is past <c>Retention:RollupDays</c> too, where the daily row would be
/// deleted anyway.
/// </para>
/// </remarks>
internal sealed class RetentionSweeper(NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, TimeProvider time)
{
    /// <summary>Rows per delete statement.</summary>
    public const int DefaultBatchRows = 10_000;

    /// <summary>How long one step (events, calls, roll-ups) keeps deleting in one run; the rest waits for the next run.</summary>
    public static readonly TimeSpan StepBudget = TimeSpan.FromSeconds(15);

    /// <summary>Rows per delete statement (tests lower it).</summary>
    internal int BatchRows { get; init; } = DefaultBatchRows;

    /// <summary>One run: every step, in order events, calls, hourly and daily roll-ups.</summary>
    /// <returns>Rows deleted per table.</returns>
    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var rawCutoff = now.UtcDateTime - TimeSpan.FromDays(o.Days);
        // Whole UTC days: a day is kept or deleted with all its hours, in both tables alike.
        var rollupCutoff = DateOnly.FromDateTime((now.UtcDateTime - TimeSpan.FromDays(o.RollupDays)).Date);
        var rollupCutoffHour = rollupCutoff.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var deleted = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["events"] = await DeleteInBatchesAsync(EventsSql, rawCutoff, ct),
            ["calls"] = await DeleteInBatchesAsync(CallsSql, rawCutoff, ct) + await DeleteInBatchesAsync(LostCallsSql, rawCutoff, ct),
            ["dead_letters"] = await DeleteInBatchesAsync(OrphanDeadLettersSql, rawCutoff, ct),
            ["chat_sessions"] = await DeleteInBatchesAsync(ChatRetentionSql.ClosedSessions, rawCutoff, ct)
                + await DeleteInBatchesAsync(ChatRetentionSql.LostSessions, rawCutoff, ct),
            ["chat_messages"] = await DeleteInBatchesAsync(ChatRetentionSql.Messages, rawCutoff, ct),
            ["chat_csat"] = await DeleteInBatchesAsync(ChatRetentionSql.Csat, rawCutoff, ct),
            ["chat_message_hourly"] = await DeleteInBatchesAsync(ChatRetentionSql.MessageHourly, rollupCutoffHour, ct),
            ["commerce_users"] = await DeleteInBatchesAsync(CommerceRetentionSql.Users, rawCutoff, ct),
            ["commerce_transactions"] = await DeleteInBatchesAsync(CommerceRetentionSql.Transactions, rawCutoff, ct),
            ["commerce_transaction_buckets"] = await DeleteInBatchesAsync(CommerceRetentionSql.TransactionBuckets, rollupCutoffHour, ct),
            ["commerce_content_buckets"] = await DeleteInBatchesAsync(CommerceRetentionSql.ContentBuckets, rollupCutoffHour, ct),
            ["commerce_active_minutes"] = await DeleteInBatchesAsync(CommerceRetentionSql.ActiveMinutes, now.UtcDateTime - CommerceRetentionSql.ActiveMinutesAge, ct),
            ["kpi_minutely"] = await DeleteInBatchesAsync(KpiRetentionSql.Minutely, now.UtcDateTime - KpiRetentionSql.MinutelyAge, ct),
            ["kpi_hourly"] = await DeleteInBatchesAsync(KpiRetentionSql.Hourly, now.UtcDateTime - KpiRetentionSql.HourlyAge(o), ct),
            ["kpi_series"] = await DeleteInBatchesAsync(KpiRetentionSql.StoppedSeries, rawCutoff, ct)
                + await DeleteInBatchesAsync(KpiRetentionSql.UnreportedSeries, now.UtcDateTime - KpiRetentionSql.UnreportedAge, ct),
            ["activity"] = await DeleteInBatchesAsync(KpiRetentionSql.Activity, rawCutoff, ct),
            ["notifications"] = await DeleteInBatchesAsync(NotificationRetentionSql.Notifications, rawCutoff, ct),
            ["notification_reads"] = await DeleteInBatchesAsync(NotificationRetentionSql.ReadMarks, rawCutoff, ct),
            ["alert_transitions"] = await DeleteInBatchesAsync(AlertRetentionSql.Transitions, rawCutoff, ct),
        };
        foreach (var table in RollupTable.All)
        {
            deleted[table.Hourly] = await DeleteInBatchesAsync(OlderThanSql(table.Hourly, "hour", table.Key), rollupCutoffHour, ct);
        }

        foreach (var table in RollupTable.All)
        {
            deleted[table.Daily] = await DeleteInBatchesAsync(OlderThanSql(table.Daily, "day", table.Key), rollupCutoff, ct);
        }

        return new RetentionResult(deleted);
    }

    private async Task<long> DeleteInBatchesAsync(string sql, object cutoff, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        long total = 0;
        while (true)
        {
            await using var cmd = dataSource.CreateCommand(sql);
            cmd.Parameters.AddWithValue(cutoff);
            cmd.Parameters.AddWithValue(BatchRows);
            var n = await cmd.ExecuteNonQueryAsync(ct);
            total += n;
            if (n < BatchRows || time.GetElapsedTime(started) >= StepBudget)
            {
                return total;
            }
        }
    }

    // events_by_time finds the old rows; the row comparison keeps everything the fold has not passed. A missing
    // watermark row compares as NULL and deletes nothing.
    private static readonly string EventsSql = $"""
        DELETE FROM events e USING (
            SELECT tenant, source, event_id FROM events
            WHERE time < $1
              AND (txid, seq) <= (SELECT w.txid, w.seq FROM fold_watermarks w WHERE w.name = '{EventFolder.WatermarkName}')
            LIMIT $2
        ) old
        WHERE e.tenant = old.tenant AND e.source = old.source AND e.event_id = old.event_id
        """;

    // A dead letter (quarantined or not) whose event the step above deleted has nothing left to retry or discard; left,
    // it would keep /readyz Degraded for good (docs/dead-letters.md).
    private const string OrphanDeadLettersSql = """
        DELETE FROM dead_letters d USING (
            SELECT dl.id FROM dead_letters dl
            WHERE dl.first_failed_at < $1
              AND NOT EXISTS (SELECT 1 FROM events e WHERE e.txid = dl.event_txid AND e.seq = dl.event_seq)
            LIMIT $2
        ) gone
        WHERE d.id = gone.id
        """;

    // Per tenant with state (fold_tenants) through calls_by_end, so only ended calls are visited. Calls without an end are
    // left to LostCallsSql.
    private static readonly string CallsSql = PerTenantSql("calls", ["call_id"], "ended_at IS NOT NULL AND ended_at < $1");

    // Calls that started before the cutoff and never ended: their end event was lost (they stopped counting as active
    // after CallRow.OpenHorizon). Through calls_active, which holds only calls without an end.
    private static readonly string LostCallsSql = PerTenantSql("calls", ["call_id"], "ended_at IS NULL AND started_at < $1");

    /// <summary>
    /// One batch of a per-tenant delete: for each tenant with state (<c>fold_tenants</c>) at most <c>$2</c> rows of
    /// <paramref name="table"/> matching <paramref name="predicate"/> (older than <c>$1</c>), through the tenant's
    /// index; the predicate is checked again on the row deleted, so a row the fold changed meanwhile is kept.
    /// </summary>
    /// <param name="table">The table; its key is <c>tenant</c> plus <paramref name="key"/>.</param>
    /// <param name="key">The key columns after <c>tenant</c>.</param>
    /// <param name="predicate">Which rows go, in the table's unqualified column names.</param>
    internal static string PerTenantSql(string table, string[] key, string predicate)
    {
        var columns = string.Join(", ", key);
        var match = string.Join(" AND ", key.Select(k => $"r.{k} = old.{k}"));
        return $"""
            DELETE FROM {table} r USING (
                SELECT t.tenant, {string.Join(", ", key.Select(k => "x." + k))}
                FROM fold_tenants t
                CROSS JOIN LATERAL (SELECT {columns} FROM {table} WHERE tenant = t.tenant AND ({predicate}) LIMIT $2) x
                LIMIT $2
            ) old
            WHERE r.tenant = old.tenant AND {match} AND ({predicate})
            """;
    }

    // Through the *_by_hour / *_by_day indexes of migration 0005.
    private static string OlderThanSql(string table, string timeColumn, string key) => $"""
        DELETE FROM {table} r USING (
            SELECT tenant, {timeColumn}, {key} FROM {table} WHERE {timeColumn} < $1 LIMIT $2
        ) old
        WHERE r.tenant = old.tenant AND r.{timeColumn} = old.{timeColumn} AND r.{key} = old.{key}
        """;
}

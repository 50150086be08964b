using Dashboard.Calendar;
using Dashboard.Publishing;
using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Commerce;

/// <summary>
/// Reads what the commerce metrics need for a set of tenants in one round trip (one batch), each tenant in its own business
/// calendar; the arithmetic is <see cref="CommerceMetricsBuilder.Build"/> (docs/metrics.md §7). Every statement is an index
/// range: the quarter-hour buckets of this month (at most ~3,000 per status and currency), the users active in the last
/// 5 minutes, the completed transactions of the last hour (partial index), 24 hours of per-minute peaks, today's content
/// buckets, and one row each of the all-time totals the fold keeps (<c>commerce_transaction_totals</c>,
/// <c>commerce_content_totals</c>), so nothing sums a whole table.
/// </summary>
internal sealed class CommerceMetricsCalculator(NpgsqlDataSource dataSource, TenantTimeZones zones)
{
    /// <summary>
    /// Tenants whose commerce figures move with the clock alone at <paramref name="now"/> (UTC): users active in the last
    /// 5 minutes, completed revenue or a positive active-users peak in the last 60 minutes (plus
    /// <see cref="CommerceMetricsBuilder.LiveMargin"/>, so the tick after a window empties still publishes the drop).
    /// A few index probes per known tenant.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> LiveTenantsAsync(DateTime now, CancellationToken ct)
    {
        var margin = CommerceMetricsBuilder.LiveMargin;
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT f.tenant FROM fold_tenants f
            WHERE EXISTS (SELECT 1 FROM commerce_users u WHERE u.tenant = f.tenant AND u.last_active >= $1)
               OR EXISTS (SELECT 1 FROM commerce_transactions t WHERE t.tenant = f.tenant AND t.status = 'completed' AND t.status_at >= $2)
               OR EXISTS (SELECT 1 FROM commerce_active_minutes m WHERE m.tenant = f.tenant AND m.minute >= $2 AND m.peak > 0)
            """);
        cmd.Parameters.AddWithValue(now - CommerceMetricsBuilder.ActiveWindow - margin);
        cmd.Parameters.AddWithValue(CommerceMetricsBuilder.MinuteOf(now).AddMinutes(-CommerceMetricsBuilder.Minutes) - margin);
        return await KnownTenants.ReadAsync(cmd, ct);
    }

    /// <summary>
    /// Tenants with commerce state since <paramref name="since"/> (UTC): a user active, a transaction reaching its status,
    /// a content view or purchase, or a positive active-users peak since then. The tick asks on a new business day (from
    /// the earlier of the week's and month's start, so this week's and month's revenue restart too) and on a new hour (the
    /// last 24 hours, so <c>peak24h</c> forgets). A few index probes per known tenant.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> TenantsWithStateSinceAsync(DateTime since, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT f.tenant FROM fold_tenants f
            WHERE EXISTS (SELECT 1 FROM commerce_users u WHERE u.tenant = f.tenant AND u.last_active >= $1)
               OR EXISTS (SELECT 1 FROM commerce_transaction_buckets b WHERE b.tenant = f.tenant AND b.bucket >= $1)
               OR EXISTS (SELECT 1 FROM commerce_content_buckets c WHERE c.tenant = f.tenant AND c.bucket >= $1)
               OR EXISTS (SELECT 1 FROM commerce_active_minutes m WHERE m.tenant = f.tenant AND m.minute >= $1 AND m.peak > 0)
            """);
        cmd.Parameters.AddWithValue(QuarterHours.Of(since));
        return await KnownTenants.ReadAsync(cmd, ct);
    }

    /// <summary>
    /// Where <see cref="TenantsWithStateSinceAsync"/> looks back from when <paramref name="calendar"/>'s day (or only its
    /// local hour) turned after a tick at <paramref name="lastDay"/> / <paramref name="lastHour"/>: the 24 hours of
    /// <c>peak24h</c>, and on a new day also the start of that day's week and month.
    /// </summary>
    public static DateTime TurnedSince(BusinessCalendar calendar, DateTime lastDay, DateTime lastHour, bool dayTurned)
    {
        var since = lastHour.AddHours(-24);
        return dayTurned ? new[] { since, calendar.WeekStart(lastDay), calendar.MonthStart(lastDay) }.Min() : since;
    }

    /// <summary>The commerce metrics of <paramref name="tenants"/> at <paramref name="now"/> (UTC), one entry per tenant.</summary>
    /// <param name="tenants">Tenant ids (duplicates ignored).</param>
    /// <param name="now">The instant computed for.</param>
    /// <param name="recordPeak">
    /// The tick: record each tenant's "active now" in <c>commerce_active_minutes</c> (raising what this minute holds, and
    /// writing nothing when it does not rise, so a steady second leaves no dead row version) when positive, or while the last hour holds a positive peak (so the trend shows the drop to 0). A REST read records nothing.
    /// </param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<TenantCommerceMetrics>> ComputeAsync(IReadOnlyCollection<string> tenants, DateTime now, bool recordPeak, CancellationToken ct)
    {
        if (tenants.Count == 0)
        {
            return [];
        }

        string[] names = [.. tenants.Distinct(StringComparer.Ordinal)];
        var rows = await ReadAsync(names, now, recordPeak, ct);
        return [.. names.Select(t => CommerceMetricsBuilder.Build(t, rows[t], zones.For(t), now))];
    }

    private async Task<Dictionary<string, CommerceTenantRows>> ReadAsync(string[] names, DateTime now, bool recordPeak, CancellationToken ct)
    {
        var calendars = names.Select(zones.For).ToArray();
        var dayStarts = calendars.Select(c => c.DayStart(now)).ToArray();
        var nextDayStarts = calendars.Select(c => c.NextDayStart(now)).ToArray();
        var weekStarts = calendars.Select(c => c.WeekStart(now)).ToArray();
        var monthStarts = calendars.Select(c => c.MonthStart(now)).ToArray();
        var currentMinute = CommerceMetricsBuilder.MinuteOf(now);
        var firstMinute = currentMinute.AddMinutes(1 - CommerceMetricsBuilder.Minutes);

        await using var batch = dataSource.CreateBatch();
        // Active now: an index range of commerce_users_by_activity. The tick also records it as this minute's peak.
        var record = recordPeak
            ? """
              , recorded AS (
                  INSERT INTO commerce_active_minutes AS m (tenant, minute, peak)
                  SELECT tenant, $3, users FROM active_now
                  WHERE users > 0 OR EXISTS (SELECT 1 FROM commerce_active_minutes p WHERE p.tenant = active_now.tenant AND p.minute >= $4 AND p.peak > 0)
                  ON CONFLICT (tenant, minute) DO UPDATE SET peak = EXCLUDED.peak WHERE m.peak < EXCLUDED.peak)
              """
            : "";
        TenantBatch.AddForTenants(batch,
            $"""
            WITH active_now AS (
                SELECT t.tenant, (SELECT count(*) FROM commerce_users u WHERE u.tenant = t.tenant AND u.last_active >= $2) AS users
                FROM unnest($1::text[]) AS t(tenant)){record}
            SELECT tenant, users FROM active_now
            """,
            names, now - CommerceMetricsBuilder.ActiveWindow, currentMinute, firstMinute);
        // Active today: the fold's exact count while it is for today's start (in this zone); else counted here, read-only.
        TenantBatch.AddForTenants(batch,
            """
            SELECT t.tenant, COALESCE(
                (SELECT d.users FROM commerce_users_today d WHERE d.tenant = t.tenant AND d.day_start = t.day_start),
                (SELECT count(*) FROM commerce_users u WHERE u.tenant = t.tenant AND u.last_active >= t.day_start))
            FROM unnest($1::text[], $2::timestamptz[]) AS t(tenant, day_start)
            """,
            names, dayStarts);
        TenantBatch.AddForTenants(batch,
            "SELECT tenant, max(peak) FROM commerce_active_minutes WHERE tenant = ANY($1) AND minute > $2 GROUP BY tenant",
            names, currentMinute.AddHours(-24));
        TenantBatch.AddForTenants(batch,
            "SELECT tenant, minute, peak FROM commerce_active_minutes WHERE tenant = ANY($1) AND minute >= $2 AND minute <= $3",
            names, firstMinute, currentMinute);
        TenantBatch.AddForTenants(batch,
            "SELECT tenant, status, currency, transactions, amount FROM commerce_transaction_totals WHERE tenant = ANY($1)",
            names);
        // This month's and week's buckets (completed: revenue), today's of every status (transactionsToday). A status
        // reached after today (a producer's clock ahead) counts from its own day.
        TenantBatch.AddForTenants(batch,
            """
            SELECT t.tenant, b.status, b.currency,
                   COALESCE(sum(b.transactions) FILTER (WHERE b.bucket >= t.day_start), 0)::bigint,
                   COALESCE(sum(b.amount) FILTER (WHERE b.bucket >= t.day_start), 0),
                   COALESCE(sum(b.amount) FILTER (WHERE b.bucket >= t.week_start), 0),
                   COALESCE(sum(b.amount) FILTER (WHERE b.bucket >= t.month_start), 0)
            FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
                 AS t(tenant, day_start, next_day_start, week_start, month_start)
            JOIN commerce_transaction_buckets b
              ON b.tenant = t.tenant AND b.bucket >= least(t.week_start, t.month_start) AND b.bucket < t.next_day_start
             AND (b.status = 'completed' OR b.bucket >= t.day_start)
            GROUP BY t.tenant, b.status, b.currency
            """,
            names, dayStarts, nextDayStarts, weekStarts, monthStarts);
        // The partial index commerce_transactions_completed: only the last hour's completed transactions.
        TenantBatch.AddForTenants(batch,
            """
            SELECT tenant, date_trunc('minute', status_at), currency, sum(amount) FROM commerce_transactions
            WHERE tenant = ANY($1) AND status = 'completed' AND status_at >= $2 AND status_at < $3
            GROUP BY 1, 2, 3
            """,
            names, firstMinute, currentMinute.AddMinutes(1));
        TenantBatch.AddForTenants(batch,
            """
            SELECT t.tenant, COALESCE(sum(c.views), 0)::bigint, COALESCE(sum(c.purchases), 0)::bigint
            FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS t(tenant, day_start, next_day_start)
            JOIN commerce_content_buckets c ON c.tenant = t.tenant AND c.bucket >= t.day_start AND c.bucket < t.next_day_start
            GROUP BY t.tenant
            """,
            names, dayStarts, nextDayStarts);
        TenantBatch.AddForTenants(batch, "SELECT tenant, views, purchases FROM commerce_content_totals WHERE tenant = ANY($1)", names);

        var current = new Dictionary<string, long>(StringComparer.Ordinal);
        var today = new Dictionary<string, long>(StringComparer.Ordinal);
        var peak24h = new Dictionary<string, long>(StringComparer.Ordinal);
        var minutes = new Dictionary<string, Dictionary<DateTime, long>>(StringComparer.Ordinal);
        var totals = new Dictionary<string, List<CommerceTotalRow>>(StringComparer.Ordinal);
        var periods = new Dictionary<string, List<CommercePeriodRow>>(StringComparer.Ordinal);
        var revenueMinutes = new Dictionary<string, List<CommerceMinuteRow>>(StringComparer.Ordinal);
        var contentToday = new Dictionary<string, ContentCounts>(StringComparer.Ordinal);
        var content = new Dictionary<string, ContentCounts>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                current[reader.GetString(0)] = reader.GetInt64(1);
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                today[reader.GetString(0)] = reader.GetInt64(1);
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                peak24h[reader.GetString(0)] = reader.GetInt64(1);
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TenantBatch.Entry(minutes, reader.GetString(0))[Utc(reader.GetDateTime(1))] = reader.GetInt64(2);
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TenantBatch.Entry(totals, reader.GetString(0)).Add(new CommerceTotalRow(reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetDecimal(4)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TenantBatch.Entry(periods, reader.GetString(0)).Add(new CommercePeriodRow(
                    reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TenantBatch.Entry(revenueMinutes, reader.GetString(0)).Add(new CommerceMinuteRow(Utc(reader.GetDateTime(1)), reader.GetString(2), reader.GetDecimal(3)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                contentToday[reader.GetString(0)] = new ContentCounts(reader.GetInt64(1), reader.GetInt64(2));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                content[reader.GetString(0)] = new ContentCounts(reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        return names.ToDictionary(
            t => t,
            t => new CommerceTenantRows(
                totals.GetValueOrDefault(t) ?? [], periods.GetValueOrDefault(t) ?? [], current.GetValueOrDefault(t), today.GetValueOrDefault(t),
                peak24h.TryGetValue(t, out var p) ? p : null, minutes.GetValueOrDefault(t) ?? [], revenueMinutes.GetValueOrDefault(t) ?? [],
                content.GetValueOrDefault(t), contentToday.GetValueOrDefault(t)),
            StringComparer.Ordinal);
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

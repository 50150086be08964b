using Dashboard.Calendar;
using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Commerce;

/// <summary>
/// The commerce REST reports beyond the payload (docs/api.md): revenue per local day, the newest transactions, the most
/// viewed content. Read on request for one tenant.
/// </summary>
internal sealed class CommerceReportsReader(NpgsqlDataSource dataSource, TenantTimeZones zones)
{
    /// <summary>
    /// Completed revenue per local day of the last <paramref name="days"/> days (today included) in the tenant's zone, from
    /// the quarter-hour buckets (a local day is an exact union of them): at most 96 rows per day, status and currency.
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<CommerceRevenueReport> RevenueAsync(string tenant, int days, DateTime now, CancellationToken ct)
    {
        var calendar = zones.For(tenant);
        var last = calendar.LocalDate(now);
        var first = last.AddDays(1 - days);
        var start = calendar.StartOf(first);
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT (bucket AT TIME ZONE $4)::date, currency, sum(amount), sum(transactions)::bigint
            FROM commerce_transaction_buckets
            WHERE tenant = $1 AND status = 'completed' AND bucket >= $2 AND bucket < $3
            GROUP BY 1, 2
            """);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(start);
        cmd.Parameters.AddWithValue(calendar.StartOf(last.AddDays(1)));
        cmd.Parameters.AddWithValue(calendar.TimeZone);
        var sums = new Dictionary<(DateOnly, string), (decimal Amount, long Transactions)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                sums[(reader.GetFieldValue<DateOnly>(0), reader.GetString(1))] = (reader.GetDecimal(2), reader.GetInt64(3));
            }
        }

        var currencies = sums.Where(kv => kv.Value.Transactions > 0).Select(kv => kv.Key.Item2).Distinct().Order(StringComparer.Ordinal).ToList();
        var perDay = new List<RevenueDay>(days * currencies.Count);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var currency in currencies)
            {
                var (amount, transactions) = sums.GetValueOrDefault((day, currency));
                perDay.Add(new RevenueDay(day, currency, amount, transactions));
            }
        }

        return new CommerceRevenueReport(calendar.TimeZone, days, start, perDay, now);
    }

    /// <summary>The newest <paramref name="limit"/> transactions (by the time of their status), of one status or all.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<CommerceTransactionsReport> TransactionsAsync(string tenant, string? status, int limit, DateTime now, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        // Newest first: the completed ones through their partial index; other statuses sort the tenant's transactions.
        TenantBatch.Add(batch,
            """
            SELECT transaction_id, status, amount, currency, status_at, first_seen FROM commerce_transactions
            WHERE tenant = $1 AND ($2::text IS NULL OR status = $2)
            ORDER BY status_at DESC, transaction_id LIMIT $3
            """,
            tenant, Status(status), limit);
        TenantBatch.Add(batch,
            "SELECT COALESCE(sum(transactions), 0)::bigint FROM commerce_transaction_totals WHERE tenant = $1 AND ($2::text IS NULL OR status = $2)",
            tenant, Status(status));
        var rows = new List<CommerceTransactionListing>(limit);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new CommerceTransactionListing(
                reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetString(3),
                DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc), DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc)));
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new CommerceTransactionsReport(status, reader.GetInt64(0), rows, now);
    }

    /// <summary>The <paramref name="limit"/> most viewed content items (all time): a top-N over the tenant's items.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<CommerceContentReport> ContentAsync(string tenant, int limit, DateTime now, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        TenantBatch.Add(batch, "SELECT content_id, views, purchases FROM commerce_content WHERE tenant = $1 ORDER BY views DESC, purchases DESC, content_id LIMIT $2", tenant, limit);
        TenantBatch.Add(batch, "SELECT count(*) FROM commerce_content WHERE tenant = $1", tenant);
        var items = new List<ContentItem>(limit);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (views, purchases) = (reader.GetInt64(1), reader.GetInt64(2));
            items.Add(new ContentItem(reader.GetString(0), views, purchases, views == 0 ? null : (double)purchases / views));
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new CommerceContentReport(reader.GetInt64(0), items, now);
    }

    // A null status (every status) has no type for Npgsql to infer.
    private static NpgsqlParameter Status(string? status) => new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };
}

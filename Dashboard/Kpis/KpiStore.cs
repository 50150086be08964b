using Dashboard.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Kpis;

/// <summary>
/// Applies a chunk's <c>metric.reported</c> events to <c>kpi_series</c>, <c>kpi_minutely</c> and <c>kpi_hourly</c>
/// (migration 0013) in the fold's transaction: one read of the series' kinds, then one set-based statement per table.
/// Every caller holds the fold's lock (the watermark row), so no two folds write these rows at once.
/// </summary>
/// <remarks>
/// The merges make the result independent of commit order and chunking (docs/events.md §5): a gauge's value is the report
/// newest by (event time, txid, seq), so a late older report does not overwrite it and a tie goes to the later committed;
/// a counter adds every report; <c>reports</c> and the buckets' <c>delta_sum</c> add; <c>last_received_at</c> is the
/// maximum. A series the chunk reports to without a row (a backfilled report, or one whose registration retention removed)
/// is created here with the kind of its first committed report; a report of the other kind is left out.
/// </remarks>
internal static class KpiStore
{
    // Newest by (event time, txid, seq); a row without a report yet (registered at ingest) always takes the new one.
    private const string Newer = "(s.value_time IS NULL OR (EXCLUDED.value_time, EXCLUDED.value_txid, EXCLUDED.value_seq) > (s.value_time, s.value_txid, s.value_seq))";

    private const string SeriesSql = $"""
        INSERT INTO kpi_series AS s (tenant, series_key, name, labels, kind, value, value_time, value_txid, value_seq, reports, last_received_at, created_at)
        SELECT u.tenant, u.series_key, u.name, u.labels::jsonb, u.kind,
               CASE WHEN u.kind = 'counter' THEN u.sum ELSE u.last END, u.last_time, u.last_txid, u.last_seq, u.reports, u.received_at, $13
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::timestamptz[],
                    $9::xid8[], $10::bigint[], $11::bigint[], $12::timestamptz[])
             AS u(tenant, series_key, name, labels, kind, last, sum, last_time, last_txid, last_seq, reports, received_at)
        ON CONFLICT (tenant, series_key) DO UPDATE SET
            value = CASE WHEN s.kind = 'counter' THEN coalesce(s.value, 0) + EXCLUDED.value
                         WHEN {Newer} THEN EXCLUDED.value ELSE s.value END,
            value_time = CASE WHEN {Newer} THEN EXCLUDED.value_time ELSE s.value_time END,
            value_txid = CASE WHEN {Newer} THEN EXCLUDED.value_txid ELSE s.value_txid END,
            value_seq = CASE WHEN {Newer} THEN EXCLUDED.value_seq ELSE s.value_seq END,
            reports = s.reports + EXCLUDED.reports,
            last_received_at = GREATEST(s.last_received_at, EXCLUDED.last_received_at)
        WHERE s.kind = EXCLUDED.kind
        """;

    /// <summary>Loads the kinds of the series <paramref name="events"/> report to, folds them and writes the three tables.</summary>
    /// <param name="connection">The fold's connection.</param>
    /// <param name="tx">The fold's transaction.</param>
    /// <param name="events">The chunk's KPI reports, in any order.</param>
    /// <param name="ct">Cancels the statements.</param>
    /// <returns>The tenants whose series the reports changed.</returns>
    /// <exception cref="NpgsqlException">A statement failed; the caller's transaction (or savepoint) must be rolled back.</exception>
    public static async Task<IReadOnlyCollection<string>> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<KpiEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var chunk = new KpiChunk(await LoadKindsAsync(connection, tx, events, ct));
        chunk.ApplyAll(events);
        await SaveSeriesAsync(connection, tx, [.. chunk.Series], ct);
        await SaveBucketsAsync(connection, tx, "kpi_minutely", "minute", [.. chunk.Minutes], ct);
        await SaveBucketsAsync(connection, tx, "kpi_hourly", "hour", [.. chunk.Quarters], ct);
        return chunk.Tenants;
    }

    private static async Task<Dictionary<(string Tenant, string Key), string>> LoadKindsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<KpiEvent> events, CancellationToken ct)
    {
        var keys = events.Select(e => (e.Tenant, e.Key)).Distinct().ToList();
        await using var cmd = new NpgsqlCommand(
            "SELECT s.tenant, s.series_key, s.kind FROM kpi_series s " +
            "JOIN unnest($1::text[], $2::text[]) AS k(tenant, series_key) ON s.tenant = k.tenant AND s.series_key = k.series_key",
            connection, tx);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Tenant).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.Key).ToArray());
        var kinds = new Dictionary<(string Tenant, string Key), string>(keys.Count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            kinds[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        }

        return kinds;
    }

    private static async Task SaveSeriesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<KpiSeriesDelta> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Tenant and key order (ordinal), so two writers of the same rows lock them in one order.
        var ordered = rows.OrderBy(r => r.Tenant, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        await using var cmd = new NpgsqlCommand(SeriesSql, connection, tx);
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Tenant).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Key).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Name).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => KpiSeriesRegistry.LabelsJson(r.Labels)).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Kind).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Last).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Sum).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(ordered.Select(r => (DateTime?)r.LastTime)));
        cmd.Parameters.Add(Xids(ordered.Select(r => r.LastTxid)));
        cmd.Parameters.AddWithValue(ordered.Select(r => r.LastSeq).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Reports).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(ordered.Select(r => (DateTime?)r.LastReceivedAt)));
        cmd.Parameters.Add(new NpgsqlParameter { Value = ordered.Max(r => r.LastReceivedAt), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // kpi_minutely and kpi_hourly: the same merge per bucket (the column names the bucket).
    private static async Task SaveBucketsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string table, string bucket, IReadOnlyList<KpiBucketDelta> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        const string newer = "(EXCLUDED.last_time, EXCLUDED.last_txid, EXCLUDED.last_seq) > (b.last_time, b.last_txid, b.last_seq)";
        await using var cmd = new NpgsqlCommand(
            $"""
            INSERT INTO {table} AS b (tenant, series_key, {bucket}, last_value, last_time, last_txid, last_seq, delta_sum, reports)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::timestamptz[], $6::xid8[], $7::bigint[], $8::float8[], $9::int[])
            ON CONFLICT (tenant, series_key, {bucket}) DO UPDATE SET
                last_value = CASE WHEN {newer} THEN EXCLUDED.last_value ELSE b.last_value END,
                last_time = CASE WHEN {newer} THEN EXCLUDED.last_time ELSE b.last_time END,
                last_txid = CASE WHEN {newer} THEN EXCLUDED.last_txid ELSE b.last_txid END,
                last_seq = CASE WHEN {newer} THEN EXCLUDED.last_seq ELSE b.last_seq END,
                delta_sum = b.delta_sum + EXCLUDED.delta_sum,
                reports = b.reports + EXCLUDED.reports
            """,
            connection, tx);
        var ordered = rows.OrderBy(r => r.Tenant, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Bucket).ToList();
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Tenant).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Key).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(ordered.Select(r => (DateTime?)r.Bucket)));
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Last).ToArray());
        cmd.Parameters.Add(SqlArrays.Timestamps(ordered.Select(r => (DateTime?)r.LastTime)));
        cmd.Parameters.Add(Xids(ordered.Select(r => r.LastTxid)));
        cmd.Parameters.AddWithValue(ordered.Select(r => r.LastSeq).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Sum).ToArray());
        cmd.Parameters.AddWithValue(ordered.Select(r => r.Reports).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Xids(IEnumerable<ulong> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Xid8 };
}

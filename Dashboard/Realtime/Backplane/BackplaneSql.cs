using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// The one definition of how messages are published through the backplane: common table expressions that sequence,
/// log and NOTIFY messages inside any statement. <see cref="BackplaneStore"/> runs them alone for
/// <see cref="RealtimePublisher"/>'s batches; ingestion includes them in the statement that inserts the events, so a
/// call event and its live message commit together (docs/architecture.md §3). Tables: <c>realtime_streams</c>,
/// <c>realtime_messages</c> (migration 0003).
/// </summary>
/// <remarks>
/// A statement that includes <see cref="Ctes"/> must read every row of <see cref="Published"/>: its NOTIFYs are
/// evaluated as its rows are produced (a <c>SELECT</c> CTE runs only as far as it is read).
/// </remarks>
internal static class BackplaneSql
{
    /// <summary>Parameters <see cref="AddParameters"/> appends, numbered from the statement's first one given to <see cref="Ctes"/>.</summary>
    public const int ParameterCount = 9;

    /// <summary>The CTE that yields <c>(ord bigint, seq bigint)</c> per published message, once NOTIFYed.</summary>
    public const string Published = "bp_published";

    /// <summary>
    /// NOTIFY payloads must be shorter than 8000 bytes (PostgreSQL's default <c>NOTIFY</c> limit); above this the
    /// notification carries only the header and receivers read the envelope from the log.
    /// </summary>
    public const int MaxInlineBytes = 7800;

    /// <summary>
    /// The CTEs (without <c>WITH</c>, without a trailing comma): <c>bp_input</c>, <c>bp_heads</c>, <c>bp_sequenced</c>,
    /// <c>bp_logged</c> and <see cref="Published"/>.
    /// </summary>
    /// <param name="firstParameter">The number of the first of the <see cref="ParameterCount"/> parameters (<c>$n</c>).</param>
    /// <param name="rowsIn">
    /// A <c>SELECT</c> of one bigint column, evaluated in the including statement (it may name that statement's CTEs):
    /// only the messages whose <c>row</c> it yields are published. Null: all of them.
    /// </param>
    public static string Ctes(int firstParameter, string? rowsIn = null)
    {
        var p = firstParameter;
        var filter = rowsIn is null ? "" : $"WHERE i.host_row IN ({rowsIn})";

        // - bp_input numbers each message within its stream (rank) and counts them per stream (n);
        // - bp_heads reserves n seqs per stream with an upsert whose row lock lasts until commit, taken in (tenant, topic)
        //   order so two statements (two nodes, or ingestion and a publisher) cannot deadlock on streams; the returned seq
        //   is the stream's new last seq;
        // - bp_logged logs each message with its envelope completed by its seq (head || seq || tail);
        // - bp_published sends one NOTIFY per message in seq order within each stream (PostgreSQL evaluates volatile
        //   select-list functions after ORDER BY) and yields the seqs; a header-only NOTIFY when the envelope does not fit.
        // ts_ms is the database's clock, so every node's log and history age by one clock. NOTIFY is delivered in commit
        // order, and commit order is seq order per stream (the row lock), so every node sees a stream in order.
        return $"""
            bp_input AS (
                SELECT i.*,
                       row_number() OVER (PARTITION BY i.tenant, i.topic ORDER BY i.ord) AS rank,
                       count(*) OVER (PARTITION BY i.tenant, i.topic) AS n
                FROM unnest(${p}::text[], ${p + 1}::text[], ${p + 2}::text[], ${p + 3}::boolean[], ${p + 4}::uuid[],
                            ${p + 5}::bytea[], ${p + 6}::bytea[], ${p + 7}::bigint[], ${p + 8}::bigint[])
                     AS i(tenant, topic, type, is_snapshot, publish_id, head, tail, ord, host_row)
                {filter}
            ),
            bp_heads AS (
                INSERT INTO realtime_streams AS s (tenant, topic, seq, snapshot_seq)
                SELECT tenant, topic, max(n), max(rank) FILTER (WHERE is_snapshot)
                FROM bp_input GROUP BY tenant, topic ORDER BY tenant, topic
                ON CONFLICT (tenant, topic) DO UPDATE
                    SET seq = s.seq + EXCLUDED.seq,
                        snapshot_seq = COALESCE(s.seq + EXCLUDED.snapshot_seq, s.snapshot_seq)
                RETURNING s.tenant, s.topic, s.seq
            ),
            bp_sequenced AS (
                SELECT i.ord, i.tenant, i.topic, i.type, i.is_snapshot, i.publish_id, h.seq - i.n + i.rank AS seq,
                       (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ts_ms,
                       i.head || convert_to((h.seq - i.n + i.rank)::text, 'UTF8') || i.tail AS envelope
                FROM bp_input i JOIN bp_heads h ON h.tenant = i.tenant AND h.topic = i.topic
            ),
            bp_logged AS (
                INSERT INTO realtime_messages (tenant, topic, seq, type, is_snapshot, ts_ms, envelope, publish_id)
                SELECT tenant, topic, seq, type, is_snapshot, ts_ms, envelope, publish_id FROM bp_sequenced
            ),
            {Published} AS (
                SELECT o.ord, o.seq, pg_notify('{BackplaneStore.Channel}',
                           o.header || CASE WHEN octet_length(o.header) + octet_length(o.envelope) < {MaxInlineBytes}
                                            THEN E'\n' || convert_from(o.envelope, 'UTF8') ELSE '' END) AS notified
                FROM (SELECT s.*, json_build_array(s.tenant, s.topic, s.seq, s.type, s.is_snapshot, s.ts_ms)::text AS header
                      FROM bp_sequenced s) o
                ORDER BY o.tenant, o.topic, o.seq
            )
            """;
    }

    /// <summary>
    /// Appends the <see cref="ParameterCount"/> parameters of <see cref="Ctes"/> for <paramref name="messages"/>, each
    /// with its <c>ord</c> (unique within the statement, returned with its seq; within a stream, messages are sequenced in
    /// <c>ord</c> order) and the <c>row</c> of the including statement it belongs to (what <c>rowsIn</c> filters on).
    /// </summary>
    /// <exception cref="ArgumentException">A message was refused (<see cref="PreparedMessage.Refusal"/>): it must not be published.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="parameters"/> does not end just before <paramref name="firstParameter"/>.</exception>
    public static void AddParameters(NpgsqlParameterCollection parameters, int firstParameter, IReadOnlyList<(long Ord, long Row, PreparedMessage Message)> messages)
    {
        if (parameters.Count != firstParameter - 1)
        {
            throw new InvalidOperationException($"The backplane's parameters start at ${firstParameter}, but the command has {parameters.Count} before them.");
        }

        var count = messages.Count;
        var tenants = new string[count];
        var topics = new string[count];
        var types = new string[count];
        var snapshots = new bool[count];
        var ids = new Guid[count];
        var heads = new byte[count][];
        var tails = new byte[count][];
        var ords = new long[count];
        var rows = new long[count];
        for (var i = 0; i < count; i++)
        {
            var (ord, row, m) = messages[i];
            if (m.Refusal is not null)
            {
                throw new ArgumentException("A refused message cannot be published.", nameof(messages));
            }

            (tenants[i], topics[i], types[i], snapshots[i], ids[i], heads[i], tails[i], ords[i], rows[i]) =
                (m.Tenant, m.Topic, m.Type, m.IsSnapshot, m.Id, m.Head, m.Tail, ord, row);
        }

        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = topics });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = snapshots });
        parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = heads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = tails, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ords });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rows });
    }
}

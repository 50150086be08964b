using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// The backplane's SQL: sequencing and logging a batch of messages with one NOTIFY each, reading the log back (gaps,
/// oversized messages, warm-up) and pruning it. Tables: <c>realtime_streams</c>, <c>realtime_messages</c> (migration 0003).
/// </summary>
internal sealed class BackplaneStore(NpgsqlDataSource dataSource)
{
    /// <summary>The NOTIFY channel every node LISTENs on.</summary>
    public const string Channel = "dashboard_realtime";

    /// <summary>
    /// NOTIFY payloads must be shorter than 8000 bytes (PostgreSQL's default <c>NOTIFY</c> limit); above this the
    /// notification carries only the header and receivers read the envelope from the log.
    /// </summary>
    public const int MaxInlineBytes = 7800;

    // One statement, so one round trip and one transaction per batch:
    //  - input numbers each message within its stream (rank) and counts them per stream (n);
    //  - heads reserves n seqs per stream with an upsert whose row lock lasts until commit, taken in (tenant, topic)
    //    order so two nodes' batches cannot deadlock; the returned seq is the stream's new last seq;
    //  - messages logs each message with its envelope completed by its seq (head || seq || tail);
    //  - the final SELECT sends one NOTIFY per message in seq order within each stream (PostgreSQL evaluates volatile
    //    select-list functions after ORDER BY) and returns the seqs.
    // ts_ms is the database's clock, so every node's log and history age by one clock.
    // NOTIFY is delivered in commit order, and commit order is seq order per stream, so every node sees a stream in order.
    private const string AppendSql = """
        WITH input AS (
            SELECT i.*,
                   row_number() OVER (PARTITION BY i.tenant, i.topic ORDER BY i.ord) AS rank,
                   count(*) OVER (PARTITION BY i.tenant, i.topic) AS n
            FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::uuid[], $6::bytea[], $7::bytea[])
                 WITH ORDINALITY AS i(tenant, topic, type, is_snapshot, publish_id, head, tail, ord)
        ),
        heads AS (
            INSERT INTO realtime_streams AS s (tenant, topic, seq, snapshot_seq)
            SELECT tenant, topic, max(n), max(rank) FILTER (WHERE is_snapshot)
            FROM input GROUP BY tenant, topic ORDER BY tenant, topic
            ON CONFLICT (tenant, topic) DO UPDATE
                SET seq = s.seq + EXCLUDED.seq,
                    snapshot_seq = COALESCE(s.seq + EXCLUDED.snapshot_seq, s.snapshot_seq)
            RETURNING s.tenant, s.topic, s.seq
        ),
        sequenced AS (
            SELECT i.ord, i.tenant, i.topic, i.type, i.is_snapshot, i.publish_id, h.seq - i.n + i.rank AS seq,
                   (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ts_ms,
                   i.head || convert_to((h.seq - i.n + i.rank)::text, 'UTF8') || i.tail AS envelope
            FROM input i JOIN heads h ON h.tenant = i.tenant AND h.topic = i.topic
        ),
        logged AS (
            INSERT INTO realtime_messages (tenant, topic, seq, type, is_snapshot, ts_ms, envelope, publish_id)
            SELECT tenant, topic, seq, type, is_snapshot, ts_ms, envelope, publish_id FROM sequenced
        )
        SELECT o.ord, o.seq, pg_notify('dashboard_realtime',
                   o.header || CASE WHEN octet_length(o.header) + octet_length(o.envelope) < 7800
                                    THEN E'\n' || convert_from(o.envelope, 'UTF8') ELSE '' END)
        FROM (SELECT s.*, json_build_array(s.tenant, s.topic, s.seq, s.type, s.is_snapshot, s.ts_ms)::text AS header
              FROM sequenced s) o
        ORDER BY o.tenant, o.topic, o.seq
        """;

    private const string Columns = "m.tenant, m.topic, m.seq, m.type, m.is_snapshot, m.ts_ms, m.envelope";

    /// <summary>
    /// Sequences, logs and notifies <paramref name="batch"/> in one transaction.
    /// </summary>
    /// <returns>Each message's seq, in <paramref name="batch"/> order.</returns>
    /// <exception cref="NpgsqlException">The database failed; nothing of the batch was published.</exception>
    public async Task<long[]> AppendAsync(IReadOnlyList<PendingPublish> batch, CancellationToken ct)
    {
        var count = batch.Count;
        var tenants = new string[count];
        var topics = new string[count];
        var types = new string[count];
        var snapshots = new bool[count];
        var ids = new Guid[count];
        var heads = new byte[count][];
        var tails = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var p = batch[i];
            (tenants[i], topics[i], types[i], snapshots[i], ids[i], heads[i], tails[i]) =
                (p.Tenant, p.Topic, p.Type, p.IsSnapshot, p.Id, p.Head, p.Tail);
        }

        await using var cmd = dataSource.CreateCommand(AppendSql);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = topics });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        cmd.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = snapshots });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = heads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = tails, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });

        var seqs = new long[count];
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            seqs[reader.GetInt64(0) - 1] = reader.GetInt64(1);
        }

        return seqs;
    }

    /// <summary>
    /// The seqs of those of <paramref name="batch"/> that are logged: after a failure that may have hidden a commit, what
    /// is found was published and must not be published again.
    /// </summary>
    public async Task<Dictionary<Guid, long>> FindPublishedAsync(IReadOnlyList<PendingPublish> batch, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT publish_id, seq FROM realtime_messages WHERE publish_id = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. batch.Select(p => p.Id)] });
        var found = new Dictionary<Guid, long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return found;
    }

    /// <summary>The logged messages of one stream with <paramref name="after"/> &lt; seq &lt; <paramref name="before"/>, in seq order.</summary>
    public async Task<List<HubMessage>> ReadRangeAsync(string tenant, string topic, long after, long before, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {Columns} FROM realtime_messages m WHERE m.tenant = $1 AND m.topic = $2 AND m.seq > $3 AND m.seq < $4 ORDER BY m.seq");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(topic);
        cmd.Parameters.AddWithValue(after);
        cmd.Parameters.AddWithValue(before);
        var result = new List<HubMessage>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    /// <summary>
    /// What this node is missing, ordered by stream then seq: for the streams in <paramref name="positions"/>, every logged
    /// message after the node's seq; for any other stream, its newest snapshot and its messages published since
    /// <paramref name="notBefore"/>, at most <paramref name="historySize"/> of them.
    /// </summary>
    public async IAsyncEnumerable<HubMessage> ReadMissingAsync(
        IReadOnlyList<StreamPosition> positions, DateTimeOffset notBefore, int historySize, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {Columns}
            FROM realtime_messages m
            JOIN realtime_streams s ON s.tenant = m.tenant AND s.topic = m.topic
            LEFT JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS l(tenant, topic, seq) ON l.tenant = m.tenant AND l.topic = m.topic
            WHERE m.seq > COALESCE(l.seq, 0)
              AND (l.seq IS NOT NULL OR m.seq = s.snapshot_seq OR (m.ts_ms >= $4 AND m.seq > s.seq - $5))
            ORDER BY m.tenant, m.topic, m.seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. positions.Select(p => p.Tenant)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. positions.Select(p => p.Topic)] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. positions.Select(p => p.Seq)] });
        cmd.Parameters.AddWithValue(notBefore.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue((long)historySize);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return Read(reader);
        }
    }

    /// <summary>
    /// Deletes logged messages older than <paramref name="cutoff"/> or more than <paramref name="historySize"/> behind
    /// their stream's head, except each stream's newest snapshot.
    /// </summary>
    /// <returns>Rows deleted.</returns>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, int historySize, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            DELETE FROM realtime_messages m
            USING realtime_streams s
            WHERE s.tenant = m.tenant AND s.topic = m.topic
              AND m.seq IS DISTINCT FROM s.snapshot_seq
              AND (m.ts_ms < $1 OR m.seq <= s.seq - $2)
            """);
        cmd.Parameters.AddWithValue(cutoff.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue((long)historySize);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static HubMessage Read(NpgsqlDataReader reader) => new()
    {
        Tenant = reader.GetString(0),
        Topic = reader.GetString(1),
        Seq = reader.GetInt64(2),
        Type = reader.GetString(3),
        IsSnapshot = reader.GetBoolean(4),
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        Json = reader.GetFieldValue<byte[]>(6),
    };
}

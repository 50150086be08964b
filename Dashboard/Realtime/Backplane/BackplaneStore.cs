using System.Runtime.CompilerServices;
using Npgsql;

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
    public const int MaxInlineBytes = BackplaneSql.MaxInlineBytes;

    // One statement, so one round trip and one transaction per batch (BackplaneSql says how it sequences and notifies).
    private static readonly string AppendSql = $"WITH {BackplaneSql.Ctes(1)} SELECT ord, seq FROM {BackplaneSql.Published}";

    private const string Columns = "m.tenant, m.topic, m.seq, m.type, m.is_snapshot, m.ts_ms, m.envelope";

    /// <summary>
    /// Sequences, logs and notifies <paramref name="batch"/> in one transaction.
    /// </summary>
    /// <returns>Each message's seq, in <paramref name="batch"/> order.</returns>
    /// <exception cref="NpgsqlException">The database failed; nothing of the batch was published.</exception>
    public async Task<long[]> AppendAsync(IReadOnlyList<PendingPublish> batch, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(AppendSql);
        var messages = new (long, long, PreparedMessage)[batch.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = (i + 1, i + 1, batch[i].Message);
        }

        BackplaneSql.AddParameters(cmd.Parameters, 1, messages);
        var seqs = new long[batch.Count];
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

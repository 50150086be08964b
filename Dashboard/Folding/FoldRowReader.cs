using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Catalogue;
using Dashboard.Kpis;
using Dashboard.Queues;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using System.Globalization;
using System.Text.Json;

namespace Dashboard.Folding;

/// <summary>
/// Reads rows of <c>events</c> for the fold: the next chunk after a watermark, or given rows by (txid, seq) for a
/// dead-letter retry. Only the fields the fold uses are transferred; a row that fails to parse is returned with its
/// <see cref="FoldRow.ParseError"/> instead of failing the chunk.
/// </summary>
internal sealed class FoldRowReader(IOptions<QueueMetricsOptions> queueOptions)
{
    private const string Columns = """
        e.txid, e.seq, e.tenant, e.source, e.event_id, e.type, e.time,
        e.data->>'callId', e.data->>'campaignId', e.data->>'direction', e.data->>'queue', e.data->>'agentId',
        e.data->>'outcome', e.data->>'durationSeconds', e.data->>'name', e.data->>'status', e.data->>'queueDepth',
        CASE WHEN jsonb_typeof(e.data->'queues') = 'array' THEN e.data->'queues' END,
        e.data->>'sessionId', e.data->>'messageId', e.data->>'channel', e.data->>'kind', e.data->>'sender',
        e.data->>'resolved', e.data->>'score',
        e.data->>'transactionId', e.data->>'amount', e.data->>'currency', e.data->>'userId', e.data->>'contentId',
        e.data->>'value', CASE WHEN jsonb_typeof(e.data->'labels') = 'object' THEN e.data->'labels' END, e.received_at
        """;

    // The chat members after the voice ones (Columns above), by data member name.
    private static readonly Dictionary<string, int> ChatColumns = new(StringComparer.Ordinal)
    {
        ["callId"] = 7, ["agentId"] = 11, ["status"] = 15, ["sessionId"] = 18, ["messageId"] = 19, ["channel"] = 20,
        ["kind"] = 21, ["sender"] = 22, ["resolved"] = 23, ["score"] = 24,
    };

    // The commerce members, by data member name.
    private static readonly Dictionary<string, int> CommerceColumns = new(StringComparer.Ordinal)
    {
        ["status"] = 15, ["transactionId"] = 25, ["amount"] = 26, ["currency"] = 27, ["userId"] = 28, ["contentId"] = 29,
    };

    // One statement, so the horizon and the rows come from the same snapshot (see EventFolder's remarks).
    private const string NextSql = $"""
        SELECT {Columns}
        FROM events e
        WHERE (e.txid, e.seq) > ($1, $2)
          AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.txid, e.seq
        LIMIT $3
        """;

    private const string ByKeySql = $"""
        SELECT {Columns}
        FROM events e JOIN unnest($1::xid8[], $2::bigint[]) AS k(txid, seq) ON e.txid = k.txid AND e.seq = k.seq
        ORDER BY e.txid, e.seq
        """;

    // A backfill's range: rows the fold's watermark had passed before a domain's fold existed (migrations 0008, 0011).
    private const string RangeSql = $"""
        SELECT {Columns}
        FROM events e
        WHERE (e.txid, e.seq) > ($1, $2) AND (e.txid, e.seq) <= ($3, $4)
        ORDER BY e.txid, e.seq
        LIMIT $5
        """;

    /// <summary>At most <paramref name="limit"/> rows after <paramref name="from"/> up to and including <paramref name="to"/> ((txid, seq) positions), in order.</summary>
    public async Task<List<FoldRow>> ReadRangeAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, (ulong Txid, long Seq) from, (ulong Txid, long Seq) to, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(RangeSql, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = from.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(from.Seq);
        cmd.Parameters.Add(new NpgsqlParameter { Value = to.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(to.Seq);
        cmd.Parameters.AddWithValue(limit);
        return await ReadAsync(cmd, ct);
    }

    /// <summary>At most <paramref name="limit"/> committed rows after (<paramref name="txid"/>, <paramref name="seq"/>), in order.</summary>
    public async Task<List<FoldRow>> ReadNextAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ulong txid, long seq, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(NextSql, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(seq);
        cmd.Parameters.AddWithValue(limit);
        return await ReadAsync(cmd, ct);
    }

    /// <summary>The rows with these (txid, seq) keys that still exist (retention may have deleted some), in order.</summary>
    public async Task<List<FoldRow>> ReadByKeyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<(ulong Txid, long Seq)> keys, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ByKeySql, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Txid).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(keys.Select(k => k.Seq).ToArray());
        return await ReadAsync(cmd, ct);
    }

    private async Task<List<FoldRow>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<FoldRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new FoldRow(
                reader.GetFieldValue<ulong>(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
            try
            {
                row = Parse(reader, row);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or JsonException or InvalidCastException or ArgumentException)
            {
                row = row with { ParseError = ex.Message };
            }

            rows.Add(row);
        }

        return rows;
    }

    private FoldRow Parse(NpgsqlDataReader reader, FoldRow row)
    {
        var (tenant, type) = (row.Tenant, row.Type);
        var at = reader.GetDateTime(6);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        if (type.StartsWith("call.", StringComparison.Ordinal) && Text(7) is { Length: > 0 } callId)
        {
            var queue = NonEmpty(Text(10));
            int? threshold = type == EventTypes.CallQueued && queue is not null ? queueOptions.Value.ThresholdSeconds(queue) : null;
            return row with { Call = new CallEvent(tenant, type, at, callId, NonEmpty(Text(8)), Text(9), queue, NonEmpty(Text(11)), Text(12), ParseDouble(Text(13)), threshold) };
        }

        if (type == EventTypes.AgentStatusChanged && NonEmpty(Text(11)) is { } agentId && NonEmpty(Text(15)) is { } status)
        {
            return row with { Agent = new AgentStatusEvent(tenant, agentId, at, status, NonEmpty(Text(14)), ParseQueues(Text(17))) };
        }

        if (type == EventTypes.CampaignUpdated && Text(8) is { Length: > 0 } campaignId)
        {
            var depth = ParseDouble(Text(16));
            return row with
            {
                Campaign = new CampaignInfoEvent(tenant, campaignId, at, Text(14), Text(15), depth is >= 0 and <= int.MaxValue ? (int)depth.Value : null),
            };
        }

        if (ChatEvent.IsChat(type))
        {
            return row with { Chat = ChatEvent.From(tenant, type, at, row.Source, row.EventId, name => Text(ChatColumns[name])) };
        }

        if (CommerceEvent.IsCommerce(type))
        {
            return row with { Commerce = CommerceEvent.From(tenant, type, at, row.EventId, name => Text(CommerceColumns[name])) };
        }

        if (type == KpiEvent.Type)
        {
            // name 14, kind 21, value 30, labels 31 (jsonb as text), received_at 32.
            return row with { Kpi = KpiEvent.From(tenant, row.Txid, row.Seq, at, reader.GetDateTime(32), Text(14), Text(21), Text(30), Text(31)) };
        }

        return row;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static double? ParseDouble(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    // Validation accepts only an array of strings; anything else stored before that rule existed is ignored.
    private static string[]? ParseQueues(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(q => q.Length > 0)];
    }
}

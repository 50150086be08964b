using Dashboard.Catalogue;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Metrics;

/// <summary>
/// Folds new rows of <c>events</c> into the state tables (<c>calls</c>, <c>campaigns</c>, <c>agents</c>,
/// <c>fold_tenants</c>) and the hourly roll-ups (<c>call_hourly</c>, <c>queue_hourly</c>, <c>agent_hourly</c>; migrations
/// 0002 and 0004), so every metric job's cost follows what arrived, not what is stored (DESIGN.md §6).
/// </summary>
/// <remarks>
/// <para>
/// Events are read after the watermark in (txid, seq) order and only from transactions older than every transaction
/// still running (<c>txid &lt; pg_snapshot_xmin(pg_current_snapshot())</c>). A sequence or commit-time watermark would
/// skip an event whose transaction started early and committed late; with this horizon every event the watermark
/// passes was already committed (or rolled back) when it was read. The price: a long transaction anywhere in the
/// PostgreSQL cluster delays folding until it ends.
/// </para>
/// <para>
/// Each chunk's state changes and the watermark advance commit in one transaction, and the watermark row is locked
/// (<c>FOR UPDATE</c>) first, so a chunk is applied exactly once even when a firing fails midway or two nodes fold at once.
/// </para>
/// </remarks>
internal sealed class EventFolder(NpgsqlDataSource dataSource, TimeProvider time, IOptions<QueueMetricsOptions> queueOptions)
{
    /// <summary>The watermark row of this fold in <c>fold_watermarks</c>.</summary>
    public const string WatermarkName = "campaign_metrics";

    /// <summary>Events per transaction.</summary>
    public const int ChunkSize = 5000;

    // Bounds one firing; a backlog (e.g. after an outage) is worked down over the next firings instead.
    private const int MaxChunksPerRun = 20;

    /// <summary>Folds everything foldable now, chunk by chunk.</summary>
    /// <returns>Events read (all types). The tenants whose state changed are recorded in <c>fold_tenants</c> (<see cref="TenantChanges"/>).</returns>
    public async Task<FoldResult> FoldAsync(CancellationToken ct)
    {
        long read = 0;
        for (var chunk = 0; chunk < MaxChunksPerRun; chunk++)
        {
            var count = await FoldChunkAsync(ct);
            read += count;
            if (count < ChunkSize)
            {
                break;
            }
        }

        return new FoldResult(read);
    }

    private async Task<int> FoldChunkAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var (watermarkTxid, watermarkSeq) = await LockWatermarkAsync(connection, tx, ct);
        var rows = await ReadEventsAsync(connection, tx, watermarkTxid, watermarkSeq, ct);
        if (rows.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return 0;
        }

        var calls = rows.Select(r => r.Call).OfType<CallEvent>().ToList();
        var agentKeys = ChunkFold.AgentKeys(calls, rows.Select(r => r.Agent).OfType<AgentStatusEvent>());
        var fold = new ChunkFold(
            await FoldStore.LoadCallsAsync(connection, tx, calls, ct),
            await AgentStore.LoadAsync(connection, tx, agentKeys, ct));
        foreach (var row in InAgentTimeOrder(rows))
        {
            if (row.Call is { } call)
            {
                fold.Apply(call);
            }
            else if (row.Campaign is { } campaign)
            {
                fold.Apply(campaign);
            }
            else if (row.Agent is { } agent)
            {
                fold.Apply(agent);
            }
        }

        var changes = fold.Complete();
        var now = time.GetUtcNow().UtcDateTime;
        await FoldStore.SaveCallsAsync(connection, tx, changes.Calls, ct);
        await FoldStore.SaveCampaignsAsync(connection, tx, changes.Campaigns, now, ct);
        await AgentStore.SaveAsync(connection, tx, changes.Agents, now, ct);
        await HourlyRollupStore.SaveAsync(connection, tx, fold.Rollup, ct);
        await FoldStore.SaveTenantsAsync(connection, tx, fold.Tenants, now, ct);
        await SaveWatermarkAsync(connection, tx, rows[^1].Txid, rows[^1].Seq, ct);
        await tx.CommitAsync(ct);
        return rows.Count;
    }

    private static async Task<(ulong Txid, long Seq)> LockWatermarkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT txid, seq FROM fold_watermarks WHERE name = $1 FOR UPDATE", connection, tx);
        cmd.Parameters.AddWithValue(WatermarkName);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"fold_watermarks has no '{WatermarkName}' row; migration 0002 seeds it.");
        }

        return (reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
    }

    private static async Task SaveWatermarkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ulong txid, long seq, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("UPDATE fold_watermarks SET txid = $2, seq = $3 WHERE name = $1", connection, tx);
        cmd.Parameters.AddWithValue(WatermarkName);
        cmd.Parameters.Add(new NpgsqlParameter { Value = txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(seq);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // One statement, so the horizon and the rows come from the same snapshot. Every event type advances the watermark;
    // only the fields the fold uses are transferred.
    private const string ReadSql = """
        SELECT e.txid, e.seq, e.tenant, e.type, e.time,
               e.data->>'callId', e.data->>'campaignId', e.data->>'direction', e.data->>'queue', e.data->>'agentId',
               e.data->>'outcome', e.data->>'durationSeconds', e.data->>'name', e.data->>'status', e.data->>'queueDepth',
               CASE WHEN jsonb_typeof(e.data->'queues') = 'array' THEN e.data->'queues' END
        FROM events e
        WHERE (e.txid, e.seq) > ($1, $2)
          AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.txid, e.seq
        LIMIT $3
        """;

    private async Task<List<EventRow>> ReadEventsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ulong txid, long seq, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ReadSql, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.AddWithValue(seq);
        cmd.Parameters.AddWithValue(ChunkSize);
        var rows = new List<EventRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var tenant = reader.GetString(2);
            var type = reader.GetString(3);
            var at = reader.GetDateTime(4);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            CallEvent? call = null;
            CampaignInfoEvent? campaign = null;
            AgentStatusEvent? agent = null;
            if (type.StartsWith("call.", StringComparison.Ordinal) && Text(5) is { Length: > 0 } callId)
            {
                var queue = NonEmpty(Text(8));
                int? threshold = type == EventTypes.CallQueued && queue is not null ? queueOptions.Value.ThresholdSeconds(queue) : null;
                call = new CallEvent(tenant, type, at, callId, NonEmpty(Text(6)), Text(7), queue, NonEmpty(Text(9)), Text(10), ParseDouble(Text(11)), threshold);
            }
            else if (type == EventTypes.AgentStatusChanged && NonEmpty(Text(9)) is { } agentId && NonEmpty(Text(13)) is { } status)
            {
                agent = new AgentStatusEvent(tenant, agentId, at, status, NonEmpty(Text(12)), ParseQueues(Text(15)));
            }
            else if (type == EventTypes.CampaignUpdated && Text(6) is { Length: > 0 } campaignId)
            {
                var depth = ParseDouble(Text(14));
                campaign = new CampaignInfoEvent(tenant, campaignId, at, Text(12), Text(13),
                    depth is >= 0 and <= int.MaxValue ? (int)depth.Value : null);
            }

            rows.Add(new EventRow(reader.GetFieldValue<ulong>(0), reader.GetInt64(1), call, campaign, agent));
        }

        return rows;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static double? ParseDouble(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    // One agent's status changes apply in event-time order within a chunk (parallel requests or a producer's retries can
    // commit them out of order, and a late one could otherwise not be placed); they keep the positions agent events had,
    // so calls interleave with them as committed. OrderBy is stable.
    private static List<EventRow> InAgentTimeOrder(List<EventRow> rows)
    {
        var ordered = new List<EventRow>(rows);
        foreach (var agent in rows.Select((row, index) => (row, index)).Where(x => x.row.Agent is not null)
                     .GroupBy(x => (x.row.Agent!.Tenant, x.row.Agent.AgentId)))
        {
            var positions = agent.Select(x => x.index).ToList();
            var byTime = agent.Select(x => x.row).OrderBy(r => r.Agent!.Time).ToList();
            for (var i = 0; i < positions.Count; i++)
            {
                ordered[positions[i]] = byTime[i];
            }
        }

        return ordered;
    }

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

    private sealed record EventRow(ulong Txid, long Seq, CallEvent? Call, CampaignInfoEvent? Campaign, AgentStatusEvent? Agent);
}

/// <summary>What one <see cref="EventFolder.FoldAsync"/> did.</summary>
/// <param name="EventsRead">Events the watermark moved past, of every type.</param>
internal sealed record FoldResult(long EventsRead);

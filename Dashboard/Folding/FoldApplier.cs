using Dashboard.Calendar;
using Dashboard.Calls;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Kpis;
using Dashboard.Queues;
using Dashboard.Rollups;
using Npgsql;

namespace Dashboard.Folding;

/// <summary>
/// Applies a list of fold rows to the state tables (<c>calls</c>, <c>campaigns</c>, <c>agents</c>, the chat, commerce and KPI tables) and the hourly
/// roll-ups in the caller's transaction: loads the rows they mention, folds them in memory (<see cref="ChunkFold"/>) and
/// writes back what changed, one statement per table.
/// </summary>
internal static class FoldApplier
{
    /// <summary>Applies <paramref name="rows"/> in order (one agent's status changes in event-time order).</summary>
    /// <param name="connection">The fold's connection.</param>
    /// <param name="tx">The fold's transaction, holding its lock.</param>
    /// <param name="rows">The rows, in commit order.</param>
    /// <param name="now">The fold's clock.</param>
    /// <param name="zones">Each tenant's business calendar (commerce counts today's users as it folds).</param>
    /// <param name="ct">Cancels the statements.</param>
    /// <returns>The tenants whose state the rows touched.</returns>
    /// <exception cref="NpgsqlException">A statement failed; the caller's transaction (or savepoint) must be rolled back.</exception>
    public static async Task<IReadOnlyCollection<string>> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<FoldRow> rows, DateTime now, TenantTimeZones zones, CancellationToken ct)
    {
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
        await FoldStore.SaveCallsAsync(connection, tx, changes.Calls, ct);
        await FoldStore.SaveCampaignsAsync(connection, tx, changes.Campaigns, now, ct);
        await AgentStore.SaveAsync(connection, tx, changes.Agents, now, ct);
        await HourlyRollupStore.SaveAsync(connection, tx, fold.Rollup, ct);
        var chat = await ChatStore.ApplyAsync(connection, tx, [.. rows.Select(r => r.Chat).OfType<ChatEvent>()], now, ct);
        var commerce = await CommerceStore.ApplyAsync(connection, tx, [.. rows.Select(r => r.Commerce).OfType<CommerceEvent>()], now, zones, ct);
        var kpis = await KpiStore.ApplyAsync(connection, tx, [.. rows.Select(r => r.Kpi).OfType<KpiEvent>()], ct);
        return chat.Count == 0 && commerce.Count == 0 && kpis.Count == 0
            ? fold.Tenants
            : [.. fold.Tenants.Union(chat, StringComparer.Ordinal).Union(commerce, StringComparer.Ordinal).Union(kpis, StringComparer.Ordinal)];
    }

    // One agent's status changes apply in event-time order within a chunk (parallel requests or a producer's retries can
    // commit them out of order, and a late one could otherwise not be placed); they keep the positions agent events had,
    // so calls interleave with them as committed. OrderBy is stable.
    private static List<FoldRow> InAgentTimeOrder(IReadOnlyList<FoldRow> rows)
    {
        var ordered = new List<FoldRow>(rows);
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
}

using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Publishing;
using Npgsql;

namespace Dashboard.Tick;

/// <summary>The tenants a tick recomputes even without new events, because their metrics move with the clock.</summary>
internal sealed class TickTenants(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Tenants whose metrics change with time alone: an active call, an attempt inside the dialing window (plus
    /// <see cref="CampaignMetricsCalculator.LiveMargin"/>), a caller waiting in a queue (longest wait) or an agent online
    /// (occupancy). Chat is not among them: its waits are left out of what decides a new <c>chat_update</c> (clients tick
    /// them from <c>startedAt</c>), so only folded changes and the day and hour boundaries recompute it (docs/metrics.md §6).
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> LiveAsync(DateTime now, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT DISTINCT tenant FROM calls WHERE ended_at IS NULL AND started_at > $2 " +
            "UNION SELECT tenant FROM campaigns WHERE last_attempt_at > $1 " +
            "UNION SELECT tenant FROM calls WHERE queued_at > $2 AND answered_at IS NULL AND ended_at IS NULL " +
            "UNION SELECT tenant FROM agents WHERE status <> 'offline'");
        // A few seconds past the window, so whichever node runs the tick after a tenant's last attempt leaves the window
        // still recomputes it and publishes the dialing rate falling to zero.
        cmd.Parameters.AddWithValue(now - CampaignMetricsCalculator.DialingWindow - CampaignMetricsCalculator.LiveMargin);
        cmd.Parameters.AddWithValue(now - CallRow.OpenHorizon);
        return await KnownTenants.ReadAsync(cmd, ct);
    }
}

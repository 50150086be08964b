using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Chat;
using Dashboard.Publishing;
using Npgsql;

namespace Dashboard.Tick;

/// <summary>The tenants a tick recomputes even without new events, because their metrics move with the clock.</summary>
internal sealed class TickTenants(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Tenants whose metrics change with time alone: an active call, an attempt inside the dialing window (plus
    /// <see cref="CampaignMetricsCalculator.LiveMargin"/>), a caller waiting in a queue (longest wait), an agent online
    /// (occupancy) or an open chat session (<see cref="ChatMetricsCalculator.LiveTenantsSql"/>: waits).
    /// </summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> LiveAsync(DateTime now, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT DISTINCT tenant FROM calls WHERE ended_at IS NULL AND started_at > $2 " +
            "UNION SELECT tenant FROM campaigns WHERE last_attempt_at > $1 " +
            "UNION SELECT tenant FROM calls WHERE queued_at > $2 AND answered_at IS NULL AND ended_at IS NULL " +
            "UNION SELECT tenant FROM agents WHERE status <> 'offline' " +
            "UNION " + ChatMetricsCalculator.LiveTenantsSql);
        // A few seconds past the window, so whichever node runs the tick after a tenant's last attempt leaves the window
        // still recomputes it and publishes the dialing rate falling to zero.
        cmd.Parameters.AddWithValue(now - CampaignMetricsCalculator.DialingWindow - CampaignMetricsCalculator.LiveMargin);
        cmd.Parameters.AddWithValue(now - CallRow.OpenHorizon);
        return await KnownTenants.ReadAsync(cmd, ct);
    }
}

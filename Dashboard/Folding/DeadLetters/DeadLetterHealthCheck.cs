using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Folding.DeadLetters;

/// <summary>
/// Readiness check <c>dead_letters</c> (tag <c>ready</c>): Degraded, with the reason, while any event is quarantined
/// (the server serves, but some accepted events are not in the metrics until an admin retries or discards them;
/// docs/dead-letters.md); Healthy otherwise. Never Unhealthy: an unreachable database is the <c>database</c> check's to report.
/// </summary>
internal sealed class DeadLetterHealthCheck(DeadLetterMonitor monitor) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "dead_letters";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var counts = await monitor.CountsAsync(cancellationToken);
        if (counts is null)
        {
            return HealthCheckResult.Healthy("Dead letters not counted yet (database not answering).");
        }

        return counts.Quarantined > 0
            ? HealthCheckResult.Degraded(
                $"{counts.Quarantined} event(s) quarantined in dead_letters and {counts.Retrying} retrying: not in the metrics until an admin retries or discards them (GET /api/v1/dead-letters).")
            : HealthCheckResult.Healthy(counts.Retrying > 0 ? $"{counts.Retrying} event(s) retrying in dead_letters." : "No dead letters.");
    }
}

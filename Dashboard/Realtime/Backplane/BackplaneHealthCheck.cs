using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// Readiness check (tag <c>ready</c>): unhealthy while the backplane listener is reconnecting, because this node's
/// clients then miss other nodes' messages until it has caught up.
/// </summary>
internal sealed class BackplaneHealthCheck(BackplaneListener listener) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "realtime_backplane";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(listener.IsListening
            ? HealthCheckResult.Healthy("Listening for other nodes' messages.")
            : HealthCheckResult.Unhealthy("Not listening: reconnecting to the database."));
}

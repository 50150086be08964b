using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Dashboard.Observability;

/// <summary>
/// Readiness check (tag <c>ready</c>): <c>SELECT 1</c> through the shared <see cref="NpgsqlDataSource"/> must answer
/// within <see cref="Timeout"/>, measured on the injected <see cref="TimeProvider"/>. Unhealthy otherwise; never throws
/// for an unreachable or silent database, so <c>/readyz</c> answers <c>503</c> within a second during an outage
/// (docs/outage.md).
/// </summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, TimeProvider time) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "database";

    /// <summary>
    /// How long <c>SELECT 1</c> may take, connecting included: 0.4 s, inside every readiness check's 0.5 s bound
    /// (<see cref="ReadinessDeadline"/>), so <c>/readyz</c> answers within 1 s, the default timeout of Kubernetes probes.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // On the thread pool: a connection attempt may block before its first await (name resolution, a synchronous
        // connect on some platforms), and the deadline below must hold from the start.
        var ping = Task.Run(() => PingAsync(giveUp.Token), CancellationToken.None);
        try
        {
            // Npgsql ignores cancellation while it opens a connection (a server that accepts TCP but never answers
            // holds it for the connection string's Timeout, 15 s by default), so the deadline is enforced here.
            await ping.WaitAsync(Timeout, time, cancellationToken);
            return HealthCheckResult.Healthy("SELECT 1 answered.");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"SELECT 1 did not answer within {Timeout.TotalSeconds} s.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("SELECT 1 was canceled.");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", ex);
        }
        finally
        {
            if (!ping.IsCompleted)
            {
                await giveUp.CancelAsync();
                _ = ping.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}

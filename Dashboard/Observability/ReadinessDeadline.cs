using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Observability;

/// <summary>
/// Bounds every readiness check (tag <c>ready</c>) to <see cref="Timeout"/>, so <c>/readyz</c> answers within a second
/// whatever a check does: during a database outage Quartz's scheduler check waits about 3 s for its store's connection
/// attempt, and it does not stop when canceled (docs/outage.md). A check past the deadline reports Unhealthy.
/// </summary>
internal sealed class ReadinessDeadline(TimeProvider time) : IPostConfigureOptions<HealthCheckServiceOptions>
{
    /// <summary>The longest a readiness check may take: 0.5 s (the checks run in parallel), leaving room under 1 s for a busy server.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public void PostConfigure(string? name, HealthCheckServiceOptions options)
    {
        foreach (var registration in options.Registrations)
        {
            if (!registration.Tags.Contains(ObservabilityExtensions.ReadyTag))
            {
                continue;
            }

            var inner = registration.Factory;
            registration.Factory = services => new Bounded(inner(services), time);
        }
    }

    private sealed class Bounded(IHealthCheck inner, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

            // On the thread pool: a check may block before its first await, and the deadline must hold from the start.
            var check = Task.Run(() => inner.CheckHealthAsync(context, giveUp.Token), CancellationToken.None);
            try
            {
                return await check.WaitAsync(Timeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                await giveUp.CancelAsync();

                // Whatever it ends with later is of no interest; observed so it is not reported as unobserved.
                _ = check.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return new HealthCheckResult(context.Registration.FailureStatus, $"No answer within {Timeout.TotalSeconds} s.");
            }
        }
    }
}

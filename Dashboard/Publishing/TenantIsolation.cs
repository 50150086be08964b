using Dashboard.Hosting;
using Dashboard.Observability;

namespace Dashboard.Publishing;

/// <summary>
/// Runs a tick's per-tenant work so that one tenant whose data makes it fail never stops the others
/// (docs/dead-letters.md): a batch computation that fails on its data is redone tenant by tenant, and a tenant whose
/// publish is refused is skipped. Infrastructure failures (<see cref="FoldFailures.IsPoison"/> false) still fail the
/// tick, which the next firing retries.
/// </summary>
/// <remarks>
/// A tenant whose computation failed is left out of the batch and computed alone after a back-off (1 s doubling to
/// 5 min), so it is not retried at full speed; it is logged once until it succeeds again, and counted in
/// <c>dashboard_tenant_failures_total{stage}</c> every time. Publishing has its own per-stream back-off
/// (<see cref="Realtime.Backplane.PublishGuard"/>). The tenants that failed are reported to the caller, which leaves
/// their changes unpublished for a later tick.
/// </remarks>
internal sealed partial class TenantIsolation(ResilienceMetrics metrics, TimeProvider time, ILogger<TenantIsolation> logger)
{
    private readonly FailureBackOff<(string Stage, string Tenant)> _failing = new(time);

    /// <summary>
    /// Computes <paramref name="tenants"/> in one call of <paramref name="compute"/>; when that fails on its data, one
    /// call per tenant. Tenants failing at <paramref name="stage"/> are computed alone once their back-off has passed.
    /// </summary>
    /// <param name="stage">The <c>stage</c> label and back-off key, e.g. <c>compute</c>.</param>
    /// <param name="tenants">The tenants to compute.</param>
    /// <param name="compute">Computes a set of tenants in one go; throws when any of them fails.</param>
    /// <param name="failed">Receives every tenant left out (failed now, or still backing off).</param>
    /// <param name="ct">Cancels the work; cancellation is never a tenant's failure.</param>
    public async Task<IReadOnlyList<T>> ComputeAsync<T>(
        string stage, IReadOnlyCollection<string> tenants, Func<IReadOnlyCollection<string>, Task<IReadOnlyList<T>>> compute,
        ISet<string> failed, CancellationToken ct)
    {
        List<string> batch = new(tenants.Count), alone = [];
        foreach (var tenant in tenants)
        {
            if (!_failing.IsFailing((stage, tenant), out var due))
            {
                batch.Add(tenant);
            }
            else if (due)
            {
                alone.Add(tenant);
            }
            else
            {
                failed.Add(tenant);
            }
        }

        var results = new List<T>(tenants.Count);
        try
        {
            if (batch.Count > 0)
            {
                results.AddRange(await compute(batch));
            }
        }
        catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
        {
            alone.AddRange(batch);
        }

        foreach (var tenant in alone)
        {
            try
            {
                results.AddRange(await compute([tenant]));
                Succeeded(stage, tenant);
            }
            catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
            {
                failed.Add(tenant);
                Failed(stage, tenant, ex, backOff: true);
            }
        }

        return results;
    }

    /// <summary>
    /// Awaits each tenant's publishing; a tenant whose messages were refused on their data is logged, counted, added to
    /// <paramref name="failed"/> and skipped. Returns the messages published.
    /// </summary>
    public async Task<int> PublishAsync(string stage, IReadOnlyList<(string Tenant, Task<int> Published)> publishing, ISet<string> failed, CancellationToken ct)
    {
        var total = 0;
        Exception? infrastructure = null;
        foreach (var (tenant, task) in publishing)
        {
            try
            {
                total += await task;
                Succeeded(stage, tenant);
            }
            catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
            {
                failed.Add(tenant);
                Failed(stage, tenant, ex, backOff: false);
            }
            catch (Exception ex)
            {
                // Every task is awaited first, so none is left unobserved.
                infrastructure ??= ex;
            }
        }

        if (infrastructure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(infrastructure);
        }

        return total;
    }

    private void Failed(string stage, string tenant, Exception ex, bool backOff)
    {
        metrics.TenantFailed(stage);
        if (_failing.Failed((stage, tenant), backOff))
        {
            LogTenantFailed(ex, stage, tenant);
        }
    }

    private void Succeeded(string stage, string tenant) => _failing.Succeeded((stage, tenant));

    [LoggerMessage(Level = LogLevel.Error, Message = "Tick work {Stage} failed for tenant {Tenant} on its data; the tenant is skipped (other tenants are not affected) and logged again only after it succeeds")]
    private partial void LogTenantFailed(Exception ex, string stage, string tenant);
}

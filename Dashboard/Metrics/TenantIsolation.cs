using Dashboard.Observability;

namespace Dashboard.Metrics;

/// <summary>
/// Runs a tick's per-tenant work so that one tenant whose data makes it fail never stops the others
/// (docs/dead-letters.md): a batch computation that fails on its data is redone tenant by tenant, and a tenant whose
/// publish is refused is skipped. Infrastructure failures (<see cref="FoldFailures.IsPoison"/> false) still fail the
/// tick, which the next firing retries. Each failing tenant is logged once until it succeeds again, and counted in
/// <c>dashboard_tenant_failures_total{stage}</c> every time.
/// </summary>
internal sealed partial class TenantIsolation(ResilienceMetrics metrics, ILogger<TenantIsolation> logger)
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string Stage, string Tenant)> _failing = [];

    /// <summary>
    /// Computes <paramref name="tenants"/> in one call of <paramref name="compute"/>; when that fails on its data, one
    /// call per tenant, leaving out the tenants that fail alone.
    /// </summary>
    public async Task<IReadOnlyList<T>> ComputeAsync<T>(
        string stage, IReadOnlyCollection<string> tenants, Func<IReadOnlyCollection<string>, Task<IReadOnlyList<T>>> compute, CancellationToken ct)
    {
        try
        {
            return await compute(tenants);
        }
        catch (Exception ex) when (tenants.Count > 1 && FoldFailures.IsPoison(ex, ct))
        {
            var results = new List<T>(tenants.Count);
            foreach (var tenant in tenants)
            {
                try
                {
                    results.AddRange(await compute([tenant]));
                    Succeeded(stage, tenant);
                }
                catch (Exception one) when (FoldFailures.IsPoison(one, ct))
                {
                    Failed(stage, tenant, one);
                }
            }

            return results;
        }
        catch (Exception ex) when (FoldFailures.IsPoison(ex, ct) && tenants.Count == 1)
        {
            Failed(stage, tenants.First(), ex);
            return [];
        }
    }

    /// <summary>
    /// Awaits each tenant's publishing; a tenant whose messages were refused on their data is logged, counted and
    /// skipped. Returns the messages published.
    /// </summary>
    public async Task<int> PublishAsync(string stage, IReadOnlyList<(string Tenant, Task<int> Published)> publishing, CancellationToken ct)
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
                Failed(stage, tenant, ex);
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

    private void Failed(string stage, string tenant, Exception ex)
    {
        metrics.TenantFailed(stage);
        bool first;
        lock (_gate)
        {
            first = _failing.Add((stage, tenant));
        }

        if (first)
        {
            LogTenantFailed(ex, stage, tenant);
        }
    }

    private void Succeeded(string stage, string tenant)
    {
        lock (_gate)
        {
            if (_failing.Count > 0)
            {
                _failing.Remove((stage, tenant));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Tick work {Stage} failed for tenant {Tenant} on its data; the tenant is skipped (other tenants are not affected) and logged again only after it succeeds")]
    private partial void LogTenantFailed(Exception ex, string stage, string tenant);
}

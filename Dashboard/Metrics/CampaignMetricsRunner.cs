namespace Dashboard.Metrics;

/// <summary>
/// One tick of the campaign metrics job: fold new events, recompute the tenants that may have changed, publish what did.
/// </summary>
/// <remarks>
/// Recomputed: tenants the fold touched, tenants with live calls or attempts inside the dialing window (their numbers
/// move with the clock), tenants this node last published as live or another node published since, and on this node's
/// first tick every tenant with state, so subscribers get a snapshot after a restart. Any other tenant costs nothing.
/// </remarks>
internal sealed class CampaignMetricsRunner(
    EventFolder folder,
    CampaignMetricsCalculator calculator,
    CampaignMetricsPublisher publisher,
    TimeProvider time)
{
    private volatile bool _hasRun;

    /// <summary>Runs one tick.</summary>
    public async Task<CampaignMetricsRun> RunAsync(CancellationToken ct)
    {
        var fold = await folder.FoldAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var tenants = new HashSet<string>(fold.Tenants, StringComparer.Ordinal);
        if (!_hasRun)
        {
            tenants.UnionWith(await calculator.TenantsWithStateAsync(ct));
        }

        tenants.UnionWith(await calculator.LiveTenantsAsync(now, ct));
        tenants.UnionWith(publisher.TenantsToRecompute());

        var published = 0;
        foreach (var metrics in await calculator.ComputeAsync(tenants, now, ct))
        {
            published += await publisher.PublishAsync(metrics, ct);
        }

        _hasRun = true;
        return new CampaignMetricsRun(fold.EventsRead, tenants.Count, published);
    }
}

/// <summary>What one tick did.</summary>
/// <param name="EventsFolded">Events the watermark moved past.</param>
/// <param name="TenantsComputed">Tenants whose metrics were recomputed.</param>
/// <param name="MessagesPublished">Snapshots published (unchanged ones are skipped).</param>
internal sealed record CampaignMetricsRun(long EventsFolded, int TenantsComputed, int MessagesPublished);

using Dashboard.Calendar;
using Dashboard.Publishing;

namespace Dashboard.Calls;

/// <summary>
/// One run of the call statistics job: recomputes the default 24 h window of the tenants whose statistics may have
/// changed since this node's previous run, and publishes what did.
/// </summary>
/// <remarks>
/// <para>
/// Recomputed: tenants the fold changed since the previous run (<c>fold_tenants.last_folded_at</c>, with
/// <see cref="FoldSlack"/> for a fold transaction still open when the previous run read, and for clock skew between the
/// nodes that fold and the one that runs this job); tenants whose window lost calls because its start moved (calls
/// started in [previous start, new start)); every tenant with state on this node's first run (subscribers get a snapshot
/// after a restart) and, for each tenant, on the first run of each local hour of its zone (calls per hour moves on by one
/// entry; in +05:30 at :30 UTC). Nothing else in the statistics changes with time alone: a call's state changes only by
/// events, which the fold reports. So a tenant with no new events costs nothing, except once an hour.
/// </para>
/// <para>Runs never overlap (the job is <c>[DisallowConcurrentExecution]</c>), so the previous run's time needs no lock.</para>
/// </remarks>
internal sealed class CallStatsRunner(
    CallWindowCalculator calculator,
    CallWindowReader reader,
    KnownTenants tenants,
    CallStatsPublisher publisher,
    TenantIsolation isolation,
    TenantTimeZones zones,
    TimeProvider time)
{
    /// <summary>How far before the previous run a fold still counts as new.</summary>
    public static readonly TimeSpan FoldSlack = TimeSpan.FromSeconds(30);

    private DateTime? _previous;

    /// <summary>Runs once.</summary>
    public async Task<CallStatsRun> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var window = CallWindow.Ending(now, CallWindow.DefaultHours);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (_previous is not { } previous)
        {
            changed.UnionWith(await tenants.AllAsync(ct));
        }
        else
        {
            if (zones.Calendars.Any(c => c.HourStart(previous) != c.HourStart(now)))
            {
                changed.UnionWith((await tenants.AllAsync(ct)).Where(t => zones.For(t) is var c && c.HourStart(previous) != c.HourStart(now)));
            }

            changed.UnionWith(await reader.TenantsFoldedSinceAsync(previous - FoldSlack, ct));
            var previousStart = CallWindow.Ending(previous, CallWindow.DefaultHours).Start;
            if (window.Start > previousStart)
            {
                changed.UnionWith(await reader.TenantsWithCallsStartedAsync(previousStart, window.Start, ct));
            }
        }

        // One tenant whose data fails the batch is computed alone and left out; one whose message is refused is skipped
        // (docs/dead-letters.md): the others are published on time.
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var computed = await isolation.ComputeAsync<KeyValuePair<string, CallWindowStats>>(
            "compute_call_stats", changed, async t => [.. await calculator.ComputeAsync(t, CallWindow.DefaultHours, now, ct)], failed, ct);
        var publishing = new List<(string, Task<int>)>(computed.Count);
        foreach (var (tenant, stats) in computed)
        {
            publishing.Add((tenant, PublishAsync(tenant, stats, ct)));
        }

        var published = await isolation.PublishAsync("publish", publishing, failed, ct);

        _previous = now;
        return new CallStatsRun(changed.Count, published);
    }

    private async Task<int> PublishAsync(string tenant, CallWindowStats stats, CancellationToken ct) =>
        await publisher.PublishAsync(tenant, stats.ToUpdate(), ct) ? 1 : 0;
}

/// <summary>What one run did.</summary>
/// <param name="TenantsComputed">Tenants whose statistics were recomputed.</param>
/// <param name="MessagesPublished">Snapshots published (unchanged ones are skipped).</param>
internal sealed record CallStatsRun(int TenantsComputed, int MessagesPublished);

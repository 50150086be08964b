using Dashboard.Auth;
using Dashboard.Pages.Queues;
using Dashboard.Pages.Shell;
using Dashboard.Queues;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Dashboard.Pages;

/// <summary>
/// Queue &amp; Agents (<c>/queues</c>, issue 7): per queue the callers waiting, longest wait, service level against its T,
/// ASA, AHT, abandonment rate and agents by status; agent tiles by status with time in status, filterable by queue.
/// The first view comes from the newest snapshots (<see cref="QueueBoard"/>); <c>wwwroot/js/queues.js</c> keeps it live
/// from the <c>queue</c> and <c>agents</c> topics.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class QueuesModel(RealtimeHub hub, QueueMetricsCalculator calculator, TimeProvider time, IOptions<PagesOptions> pages, Dashboard.Calendar.TenantTimeZones zones) : PageModel
{
    /// <summary>The IANA zone of the tenant's business day ("today" on this page), <c>Tenants:{tenant}:TimeZone</c>.</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>What the page shows before its script connects.</summary>
    public QueueBoard Board { get; private set; } = null!;

    /// <summary>The threshold levels (for the first view's <c>data-level</c>).</summary>
    public PagesOptions Pages => pages.Value;

    /// <summary>The agents, by id (at most 500, as <c>agent_metrics</c> lists them).</summary>
    public IReadOnlyList<AgentState> AgentList => Board.Agents?.Agents ?? [];

    /// <summary>Every queue named by the queue metrics or an agent, for the filter.</summary>
    public IReadOnlyList<string> QueueNames { get; private set; } = [];

    /// <summary>Reads the session's tenant and its newest queue and agent snapshots.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        Board = await QueueBoard.LoadAsync(hub, calculator, time, principal.Tenant, withCampaigns: false, ct);
        TimeZone = Board.Queue?.TimeZone ?? zones.For(principal.Tenant).TimeZone;
        QueueNames = (Board.Queue?.Queues.Select(q => q.Queue) ?? [])
            .Concat(AgentList.SelectMany(a => a.Queues ?? []))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Seconds from <paramref name="since"/> (UTC) to now, never negative (a producer clock ahead of ours).</summary>
    public double SecondsSince(DateTime since) =>
        Math.Max(0, (time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(since, DateTimeKind.Utc)).TotalSeconds);

    /// <summary>"ok" | "warning" | "critical" | null for the first view's cells.</summary>
    public string? Level(string metric, double? value) => QueueFormat.Level(Pages, metric, value);
}

using Dashboard.Auth;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dashboard.Pages;

/// <summary>
/// The overview page (docs/pages.md, "Overview"): KPI cards, live charts, the campaign table and, for <c>admin</c>, system health.
/// The first view is rendered from the hub's newest snapshots; <c>wwwroot/js/overview.js</c> keeps it live.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
public sealed class IndexModel(RealtimeHub hub) : PageModel
{
    /// <summary>The signed-in tenant.</summary>
    public string Tenant { get; private set; } = "";

    /// <summary>True when the session has the <c>admin</c> scope (the <c>system</c> topic).</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>The topics the page subscribes to: <c>metrics</c>, <c>campaigns</c>, <c>calls</c>, plus <c>system</c> for admins.</summary>
    public IReadOnlyList<string> TopicsToWatch { get; private set; } = [];

    /// <summary>What the page shows before its script connects.</summary>
    public OverviewSnapshot Snapshot { get; private set; } = OverviewSnapshot.Empty;

    /// <summary>Reads the session and the newest snapshots.</summary>
    public void OnGet()
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        Tenant = principal.Tenant;
        IsAdmin = principal.Has(Scopes.Admin);
        TopicsToWatch = IsAdmin
            ? [Topics.Metrics, Topics.Campaigns, Topics.Calls, Topics.System]
            : [Topics.Metrics, Topics.Campaigns, Topics.Calls];
        Snapshot = OverviewSnapshot.From(
            hub.Latest(Tenant, Topics.Metrics),
            hub.Latest(Tenant, Topics.Campaigns),
            IsAdmin ? hub.Latest(Tenant, Topics.System) : null);
    }
}

using Dashboard.Auth;
using Dashboard.Pages.KpisView;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dashboard.Realtime;

namespace Dashboard.Pages;

/// <summary>
/// KPIs &amp; Activity (<c>/kpis</c>, docs/pages.md "KPIs &amp; Activity"): a card per custom KPI series (value
/// and unit, a counter's rate, a sparkline of its last hour, a stale badge) grouped by name with name and label filters,
/// and the activity feed of every accepted event streaming in, with domain and type filters and a pause on hover or
/// focus. The first view is the hub's newest <c>kpis_update</c> and <c>activity</c> snapshots
/// (<see cref="KpisFirstView"/>); <c>wwwroot/js/kpis.js</c> keeps both live from topics <c>kpis</c> and <c>activity</c>.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class KpisModel(RealtimeHub hub) : PageModel
{
    /// <summary>What the page shows before its script runs.</summary>
    public KpisFirstView View { get; private set; } = KpisFirstView.None;

    /// <summary>Reads the newest <c>kpis</c> and <c>activity</c> snapshots of the session's tenant.</summary>
    public void OnGet()
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        View = KpisFirstView.Load(hub, principal.Tenant);
    }
}

using Dashboard.Auth;
using Dashboard.Pages.CommerceView;
using Dashboard.Pages.Queues;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Dashboard.Pages;

/// <summary>
/// Commerce (<c>/commerce</c>, docs/pages.md "Commerce"): a live revenue counter per currency, active users now,
/// today and their 24-hour peak, transactions by status, content conversion, revenue per minute per currency and the
/// active-user trend, and tables of recent transactions, top content and revenue per day (docs/metrics.md §7), all in
/// the tenant's business calendar. The first view is the hub's newest <c>commerce_update</c> (<see cref="CommerceFirstView"/>);
/// <c>wwwroot/js/commerce.js</c> reads <c>GET /api/v1/commerce</c> and its table endpoints and keeps it live from topic
/// <c>commerce</c>.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class CommerceModel(RealtimeHub hub, IOptions<PagesOptions> pages) : PageModel
{
    /// <summary>What the page shows before its script runs.</summary>
    public CommerceFirstView View { get; private set; } = CommerceFirstView.None;

    /// <summary>Reads the newest <c>commerce</c> snapshot of the session's tenant.</summary>
    public void OnGet()
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        View = CommerceFirstView.Load(hub, principal.Tenant);
    }

    /// <summary>"ok" | "warning" | "critical" | null for the first view's cells (thresholds.js levelOf).</summary>
    public string? Level(string metric, double? value) => QueueFormat.Level(pages.Value, metric, value);
}

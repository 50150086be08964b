using Dashboard.Auth;
using Dashboard.Pages.ChatView;
using Dashboard.Pages.Queues;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Dashboard.Pages;

/// <summary>
/// Chat (<c>/chat</c>, docs/pages.md "Chat"): sessions waiting and active, the waiting queue with live waits,
/// average wait, first response and resolution times, agents, CSAT and message analytics of today (docs/metrics.md §6).
/// The first view is the hub's newest <c>chat_update</c> (<see cref="ChatFirstView"/>); <c>wwwroot/js/chat.js</c> reads
/// <c>GET /api/v1/chat</c> and keeps it live from topic <c>chat</c>.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class ChatModel(RealtimeHub hub, TimeProvider time, IOptions<PagesOptions> pages, Dashboard.Calendar.TenantTimeZones zones) : PageModel
{
    /// <summary>What the page shows before its script runs.</summary>
    public ChatFirstView View { get; private set; } = ChatFirstView.None;

    /// <summary>When the page was rendered (UTC): the waits of the first view are as of then.</summary>
    public DateTime Now { get; private set; }

    /// <summary>The IANA zone of the tenant's business day ("today" on this page), <c>Tenants:{tenant}:TimeZone</c>.</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>Reads the newest <c>chat</c> snapshot of the session's tenant.</summary>
    public void OnGet()
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        Now = time.GetUtcNow().UtcDateTime;
        View = ChatFirstView.Load(hub, principal.Tenant);
        TimeZone = View.Update?.TimeZone ?? zones.For(principal.Tenant).TimeZone;
    }

    /// <summary>"ok" | "warning" | "critical" | null for the first view's cells (thresholds.js levelOf).</summary>
    public string? Level(string metric, double? value) => QueueFormat.Level(pages.Value, metric, value);
}

using Dashboard.Auth;
using Dashboard.Pages.ChatView;
using Dashboard.Pages.CommerceView;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Dashboard.Pages;

/// <summary>
/// The overview page (docs/pages.md, "Overview"): KPI cards, live charts, the campaign table, chat cards when the tenant
/// has chat data, commerce cards when it has commerce data and, for <c>admin</c>, system health.
/// The first view is rendered from the hub's newest snapshots; <c>wwwroot/js/overview.js</c> keeps it live.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
public sealed class IndexModel(RealtimeHub hub, TimeProvider time, IOptions<PagesOptions> pages) : PageModel
{
    /// <summary>The signed-in tenant.</summary>
    public string Tenant { get; private set; } = "";

    /// <summary>True when the session has the <c>admin</c> scope (the <c>system</c> topic).</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>The topics the page subscribes to: <c>metrics</c>, <c>campaigns</c>, <c>calls</c>, <c>chat</c>, <c>commerce</c>, plus <c>system</c> for admins.</summary>
    public IReadOnlyList<string> TopicsToWatch { get; private set; } = [];

    /// <summary>What the page shows before its script connects.</summary>
    public OverviewSnapshot Snapshot { get; private set; } = OverviewSnapshot.Empty;

    /// <summary>The newest <c>chat_update</c>, for the chat cards.</summary>
    internal ChatFirstView Chat { get; private set; } = ChatFirstView.None;

    /// <summary>The newest <c>commerce_update</c>, for the commerce cards.</summary>
    internal CommerceFirstView Commerce { get; private set; } = CommerceFirstView.None;

    /// <summary>When the page was rendered (UTC): the chat waits of the first view are as of then.</summary>
    public DateTime Now { get; private set; }

    /// <summary>"ok" | "warning" | "critical" | null for a chat card of the first view.</summary>
    public string? Level(string metric, double? value) => Queues.QueueFormat.Level(pages.Value, metric, value);

    /// <summary>Reads the session and the newest snapshots.</summary>
    public void OnGet()
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        Tenant = principal.Tenant;
        IsAdmin = principal.Has(Scopes.Admin);
        TopicsToWatch = IsAdmin
            ? [Topics.Metrics, Topics.Campaigns, Topics.Calls, Topics.Chat, Topics.Commerce, Topics.System]
            : [Topics.Metrics, Topics.Campaigns, Topics.Calls, Topics.Chat, Topics.Commerce];
        Snapshot = OverviewSnapshot.From(
            hub.Latest(Tenant, Topics.Metrics),
            hub.Latest(Tenant, Topics.Campaigns),
            IsAdmin ? hub.Latest(Tenant, Topics.System) : null);
        Chat = ChatFirstView.Load(hub, Tenant);
        Commerce = CommerceFirstView.Load(hub, Tenant);
        Now = time.GetUtcNow().UtcDateTime;
    }
}

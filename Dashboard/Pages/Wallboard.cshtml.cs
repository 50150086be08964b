using Dashboard.Auth;
using Dashboard.Pages.ChatView;
using Dashboard.Pages.CommerceView;
using Dashboard.Pages.KpisView;
using Dashboard.Pages.Queues;
using Dashboard.Pages.Shell;
using Dashboard.Queues;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Dashboard.Pages;

/// <summary>
/// The Wallboard (<c>/wallboard</c>, issue 7): full screen, no chrome, very large figures for a TV. It rotates between
/// one view per queue (<c>queue:{name}</c>), chat (<c>chat</c>, when the tenant has chat data), commerce (<c>commerce</c>,
/// when the tenant has commerce data), the custom KPIs of <c>Pages:Wallboard:Kpis</c> (<c>kpis</c>, when configured and
/// the tenant has those series) and the campaigns
/// (<c>campaigns</c>) every <c>Pages:WallboardRotateSeconds</c>;
/// <c>?view=</c> pins one. The first view comes from the newest snapshots; <c>wwwroot/js/wallboard.js</c> keeps it live,
/// rotates it and reuses the same nodes for every view, so a board left on all day does not grow.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class WallboardModel(RealtimeHub hub, QueueMetricsCalculator calculator, TimeProvider time, IOptions<PagesOptions> pages) : PageModel
{
    /// <summary>The view name of the campaigns view.</summary>
    public const string CampaignsView = "campaigns";

    /// <summary>The view name of the chat view.</summary>
    public const string ChatViewName = "chat";

    /// <summary>The view name of the commerce view.</summary>
    public const string CommerceViewName = "commerce";

    /// <summary>The view name of the custom KPI view (shown when <c>Pages:Wallboard:Kpis</c> selects a series the tenant has).</summary>
    public const string KpisViewName = "kpis";

    /// <summary>Series the KPI view shows at most (the first selected by <c>Pages:Wallboard:Kpis</c>).</summary>
    public const int KpiTiles = 8;

    /// <summary>Currencies the commerce view shows revenue tiles for at most (the first by code).</summary>
    public const int RevenueTiles = 3;

    /// <summary>The prefix of a queue's view name.</summary>
    public const string QueuePrefix = "queue:";

    /// <summary>Firing alerts the banner above the rotation lists at most (critical first); the rest are counted.</summary>
    public const int AlertLines = 5;

    /// <summary>Rows the campaigns view shows at most (readable across a room).</summary>
    public const int CampaignRows = 8;

    /// <summary>What the board shows before its script connects.</summary>
    public QueueBoard Board { get; private set; } = null!;

    /// <summary>Thresholds and the rotation interval.</summary>
    public PagesOptions Pages => pages.Value;

    /// <summary>The newest <c>chat_update</c>, for the chat view.</summary>
    public ChatFirstView Chat { get; private set; } = ChatFirstView.None;

    /// <summary>The newest <c>commerce_update</c>, for the commerce view.</summary>
    public CommerceFirstView Commerce { get; private set; } = CommerceFirstView.None;

    /// <summary>The newest <c>kpis_update</c>, for the KPI view.</summary>
    public KpisFirstView Kpis { get; private set; } = KpisFirstView.None;

    /// <summary>The series the KPI view shows first (<c>Pages:Wallboard:Kpis</c> applied to <see cref="Kpis"/>).</summary>
    public IReadOnlyList<KpiSeriesSnapshot> KpiSeries { get; private set; } = [];

    /// <summary>When the page was rendered (UTC): the chat waits of the first view are as of then.</summary>
    public DateTime Now { get; private set; }

    /// <summary>The view <c>?view=</c> pins (no rotation), or null.</summary>
    public string? Pinned { get; private set; }

    /// <summary>The view shown first: the pinned one, else the first of the rotation.</summary>
    public string FirstView { get; private set; } = CampaignsView;

    /// <summary>The queue the first view shows, or null (the campaigns view, or a pinned queue without data).</summary>
    public QueueMetrics? FirstQueue { get; private set; }

    /// <summary>When the cookie session ends (the login token's <c>exp</c>), ISO 8601 UTC.</summary>
    public string SessionEndsAt { get; private set; } = "";

    /// <summary>Reads the session and the newest queue, agent and campaign snapshots.</summary>
    public async Task OnGetAsync(string? view, CancellationToken ct)
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        SessionEndsAt = HubEnvelope.FormatTimestamp(principal.ExpiresAt);
        Board = await QueueBoard.LoadAsync(hub, calculator, time, principal.Tenant, withCampaigns: true, ct);
        Chat = ChatFirstView.Load(hub, principal.Tenant);
        Commerce = CommerceFirstView.Load(hub, principal.Tenant);
        Kpis = Pages.Wallboard.Kpis.Count > 0 ? KpisFirstView.Load(hub, principal.Tenant) : KpisFirstView.None;
        KpiSeries = Kpis.Select(Pages.Wallboard.Kpis, KpiTiles);
        Now = time.GetUtcNow().UtcDateTime;
        var queues = Board.Queue?.Queues ?? [];
        Pinned = view is { Length: > 0 and <= 200 } && (view is CampaignsView or ChatViewName or CommerceViewName or KpisViewName || view.StartsWith(QueuePrefix, StringComparison.Ordinal)) ? view : null;
        FirstView = Pinned ?? (queues.Count > 0 ? QueuePrefix + queues[0].Queue : Chat.HasChatData ? ChatViewName : Commerce.HasCommerceData ? CommerceViewName : KpiSeries.Count > 0 ? KpisViewName : CampaignsView);
        FirstQueue = FirstView.StartsWith(QueuePrefix, StringComparison.Ordinal)
            ? queues.FirstOrDefault(q => q.Queue == FirstView[QueuePrefix.Length..])
            : null;
    }

    /// <summary>"ok" | "warning" | "critical" | null for a figure of the first view.</summary>
    public string? Level(string metric, double? value) => QueueFormat.Level(Pages, metric, value);
}

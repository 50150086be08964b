namespace Dashboard.Pages.Shell;

/// <summary>One link of the main navigation.</summary>
/// <param name="Label">The link text.</param>
/// <param name="Href">The page's route.</param>
/// <param name="AdminOnly">True when only sessions with the <c>admin</c> scope see the link.</param>
public sealed record NavItem(string Label, string Href, bool AdminOnly = false)
{
    /// <summary>True when <paramref name="path"/> is this page or one below it (<c>/campaigns/cmp-1</c> is Campaigns).</summary>
    public bool IsCurrent(PathString path) => Href == "/"
        ? path == "/" || path == "/Index"
        : path.StartsWithSegments(Href, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The main navigation of every page (issue 7), in display order.</summary>
public static class NavItems
{
    /// <summary>Every page, in the order the navigation shows them.</summary>
    public static IReadOnlyList<NavItem> All { get; } =
    [
        new("Overview", "/"),
        new("Campaigns", "/campaigns"),
        new("Calls", "/calls"),
        new("Queue & Agents", "/queues"),
        new("Chat", "/chat"),
        new("Commerce", "/commerce"),
        new("KPIs & Activity", "/kpis"),
        new("Alerts", "/alerts"),
        new("Jobs", "/jobs"),
        new("Wallboard", "/wallboard"),
        new("System", "/system", AdminOnly: true),
    ];

    /// <summary>The links a session sees: System only with the <c>admin</c> scope.</summary>
    public static IEnumerable<NavItem> For(bool isAdmin) => All.Where(item => isAdmin || !item.AdminOnly);
}

namespace Dashboard.Tests.Architecture;

/// <summary>
/// The map of docs/architecture.md §1 holds in the code: no two feature folders use each other (directly or round a
/// loop), the transports and shared machinery never reach up into a domain, and domains only build on <c>Calls/</c>.
/// </summary>
public sealed class FolderDependencyTests
{
    private static readonly FolderGraph Graph = FolderGraph.Read();

    // The domain folders: each owns its fold rules, calculators, payloads, publisher, endpoints and options.
    private static readonly string[] Domains = ["Calls", "Campaigns", "Queues", "Chat", "Commerce", "Kpis"];

    [Fact]
    public void No_folder_uses_another_that_uses_it_back()
    {
        var cycles = Graph.Cycles();
        Assert.True(cycles.Count == 0, "Folder cycles: " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c))) +
            "\n" + string.Join("\n", cycles.SelectMany(c => c.SelectMany(a => c.Where(b => Graph.Uses(a).Contains(b)).Select(b => Graph.Why(a, b))))));
    }

    [Theory]
    // Bottom layers: the instruments, hosting and storage machinery every folder may use.
    [InlineData("Catalogue", new string[0])]
    [InlineData("Storage", new string[0])]
    [InlineData("Hosting", new[] { "Storage" })]
    [InlineData("Observability", new[] { "Auth", "Hosting", "Storage" })]
    // The business calendar: tenants' zones and the quarter-hour grain, below every domain.
    [InlineData("Calendar", new[] { "Auth" })]
    // The transports: the hub never calls ingestion, a job or a domain (data flows ingestion → backplane → hub → clients).
    [InlineData("Realtime", new[] { "Auth", "Catalogue", "Hosting", "Observability", "Storage" })]
    // Scheduling knows no feature: features declare their own recurring jobs (the Jobs page's JSON uses the wire's options).
    [InlineData("Jobs", new[] { "Auth", "Hosting", "Observability", "Realtime", "Storage" })]
    [InlineData("Api", new[] { "Auth", "Hosting", "Realtime" })]
    [InlineData("Publishing", new[] { "Hosting", "Observability", "Realtime", "Storage" })]
    // Domains: Calls is the base; Campaigns and Queues build on calls; none reaches the fold loop, the tick or a page.
    [InlineData("Calls", new[] { "Api", "Auth", "Catalogue", "Hosting", "Jobs", "Observability", "Publishing", "Realtime", "Storage", "Calendar" })]
    [InlineData("Campaigns", new[] { "Api", "Auth", "Calls", "Catalogue", "Hosting", "Jobs", "Observability", "Publishing", "Realtime", "Storage", "Calendar" })]
    [InlineData("Queues", new[] { "Api", "Auth", "Calls", "Catalogue", "Hosting", "Jobs", "Observability", "Publishing", "Realtime", "Storage", "Calendar" })]
    // Chat stands alone: agent names come from the agents table, not from the Queues domain's types.
    [InlineData("Chat", new[] { "Api", "Auth", "Catalogue", "Hosting", "Jobs", "Observability", "Publishing", "Realtime", "Storage", "Calendar" })]
    // Commerce stands alone too.
    [InlineData("Commerce", new[] { "Api", "Auth", "Catalogue", "Hosting", "Jobs", "Observability", "Publishing", "Realtime", "Storage", "Calendar" })]
    // Custom KPIs stand alone; ingestion asks their series registry before it stores a report (the cap, docs/limits.md).
    [InlineData("Kpis", new[] { "Api", "Auth", "Catalogue", "Hosting", "Jobs", "Observability", "Publishing", "Realtime", "Storage", "Calendar" })]
    // The activity feed reads every domain's folded state by its tables, never its types; it names KPI series as the KPI
    // fold does, and implements ingestion's line interface (ingestion never uses it back).
    [InlineData("Activity", new[] { "Api", "Auth", "Catalogue", "Hosting", "Ingestion", "Kpis", "Observability", "Publishing", "Realtime", "Storage", "Calendar" })]
    // Notifications implement ingestion's notification interface (ingestion never uses them back) and coalesce by the
    // activity feed's Activity:MaxMessagesPerRequest; the tick and the alert evaluator use them, never the reverse.
    [InlineData("Notifications", new[] { "Activity", "Api", "Auth", "Ingestion", "Publishing", "Realtime" })]
    // Alert rules read every domain's figures from the hub's newest snapshots as JSON, never a domain's types, and write
    // rule notifications through Notifications' rows; nothing but the composition root and the pages uses them.
    [InlineData("Alerts", new[] { "Api", "Auth", "Hosting", "Jobs", "Notifications", "Observability", "Publishing", "Realtime", "Storage" })]
    public void A_folder_uses_only_the_folders_below_it(string folder, string[] allowed)
    {
        var unexpected = Graph.Uses(folder).Where(u => !allowed.Contains(u)).Select(u => Graph.Why(folder, u)).ToList();
        Assert.True(unexpected.Count == 0, $"{folder} may use only [{string.Join(", ", allowed)}]; it also uses:\n" + string.Join("\n", unexpected));
    }

    [Fact]
    public void Nothing_uses_the_pages_the_simulator_or_the_composition_root()
    {
        var offending = Graph.Edges.Keys
            .Where(from => from != "(root)")
            .SelectMany(from => Graph.Uses(from).Where(to => to is "Pages" or "Simulation" or "(root)").Select(to => Graph.Why(from, to)))
            .ToList();
        Assert.True(offending.Count == 0, string.Join("\n", offending));
    }

    [Fact]
    public void The_graph_sees_the_edges_it_must()
    {
        // Guards the reader itself: were it to miss references, every rule above would pass vacuously.
        Assert.Contains("Calls", Graph.Uses("Campaigns"));
        Assert.Contains("Folding", Graph.Uses("Tick"));
        Assert.Contains("Observability", Graph.Uses("Realtime"));
        Assert.True(Domains.All(d => Graph.Uses("Folding").Contains(d)), "Folding applies every domain's fold rules");
    }
}

using Dashboard.Queues;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary>Queue, agent and campaign snapshots for the Queue &amp; Agents and Wallboard page tests, published as the jobs do.</summary>
internal static class QueueBoardData
{
    public static QueueMetrics Queue(
        string name, int waiting = 0, double? longestWait = null, double? serviceLevel = 0.82, int threshold = 20, double target = 0.8,
        double? asa = 14, double? aht = 245, double? abandonment = 0.03, AgentCounts? agents = null) =>
        new(name, waiting, longestWait, 100, 97, 82, 3, 90, serviceLevel, threshold, target, asa, aht, abandonment,
            agents ?? new AgentCounts(5, 2, 2, 1, 0, 1));

    public static Task PublishQueuesAsync(DashboardServer server, string tenant, params QueueMetrics[] queues)
    {
        var now = DateTime.UtcNow;
        var totals = new QueueTotals(
            queues.Sum(q => q.CallsWaiting), queues.Max(q => q.LongestWaitSeconds), 100, 97, 82, 3, 90,
            queues.Length == 1 ? queues[0].ServiceLevel : 0.8, 15, 250, 0.03, new AgentCounts(5, 2, 2, 1, 0, 1));
        return server.PublishAsync(tenant, Topics.Queue, QueueMessageTypes.QueueUpdated, new QueueUpdated(queues, totals, now.Date, now), isSnapshot: true);
    }

    public static AgentState Agent(string id, string name, string status, TimeSpan inStatus, params string[] queues) =>
        new(id, name, status, DateTime.UtcNow - inStatus, queues);

    public static Task PublishAgentsAsync(DashboardServer server, string tenant, params AgentState[] agents)
    {
        int Count(string status) => agents.Count(a => a.Status == status);
        var now = DateTime.UtcNow;
        return server.PublishAsync(tenant, Topics.Agents, QueueMessageTypes.AgentMetrics, new AgentMetricsUpdate(
            agents.Length - Count("offline"), Count("available"), Count("on_call"), Count("after_call_work"), Count("busy"), Count("offline"),
            0.7412, agents.Length, agents, now.Date, now), isSnapshot: true);
    }

    public static Task PublishCampaignsAsync(DashboardServer server, string tenant, params (string Id, string Name, int Active, double? AnswerRate)[] campaigns) =>
        server.PublishAsync(tenant, Topics.Campaigns, "campaigns_update", new
        {
            campaigns = campaigns.Select(c => new { campaignId = c.Id, name = c.Name, status = "active", activeCalls = c.Active, queueDepth = 1200, totalAttempts = 50, answerRate = c.AnswerRate, conversionRate = (double?)0.1 }).ToArray(),
            computedAt = DateTimeOffset.UtcNow,
        }, isSnapshot: true);
}

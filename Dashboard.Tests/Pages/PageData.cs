using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Tests.Pages.PageEvents;

namespace Dashboard.Tests.Pages;

/// <summary>Puts a little real data into a tenant through ingestion (<c>POST /api/v1/events</c>), as a producer would.</summary>
internal static class PageData
{
    /// <summary>The scopes of an admin session (every page, System included).</summary>
    public const string AdminScopes = Scopes.Read + " " + Scopes.Admin;

    /// <summary>
    /// Posts a campaign, a queue, an agent and <paramref name="calls"/> started calls (ids prefixed with
    /// <paramref name="prefix"/>), one of them ended; returns when ingestion accepted them.
    /// </summary>
    public static async Task IngestAsync(DashboardServer server, string tenant, string prefix = "c", int calls = 3)
    {
        var now = DateTimeOffset.UtcNow;
        var events = new List<object>
        {
            CloudEvent("campaign.updated", now, new { campaignId = "cmp-pages", name = "Pages Campaign", status = "active", queueDepth = 120 }),
            CloudEvent("agent.status_changed", now, new { agentId = "agent-1", name = "Ada", status = "available", queues = new[] { "support" } }),
        };
        for (var i = 0; i < calls; i++)
        {
            events.Add(CloudEvent("call.started", now, new { callId = $"{prefix}-{i}", direction = "outbound", campaignId = "cmp-pages", agentId = "agent-1" }));
        }

        events.Add(CloudEvent("call.queued", now, new { callId = $"{prefix}-q", queue = "support" }));
        events.Add(CloudEvent("call.ended", now.AddSeconds(1), new { callId = $"{prefix}-0", outcome = "completed", durationSeconds = 1 }));
        await PostAsync(server, tenant, events);
    }

    /// <summary>Starts <paramref name="count"/> more calls of <c>cmp-pages</c>: the active call count goes up by that much.</summary>
    public static Task StartCallsAsync(DashboardServer server, string tenant, int count) =>
        PostAsync(server, tenant, [.. Enumerable.Range(0, count).Select(_ => CloudEvent("call.started", DateTimeOffset.UtcNow,
            new { callId = Guid.NewGuid().ToString("N")[..12], direction = "outbound", campaignId = "cmp-pages" }))]);

    private static async Task PostAsync(DashboardServer server, string tenant, IReadOnlyList<object> events)
    {
        using var http = server.Http(server.Token(tenant, Scopes.Write));
        await PageEvents.PostBatchAsync(http, [.. events]);
    }
}

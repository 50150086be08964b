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
    /// Posts a campaign, a queue, an agent, <paramref name="calls"/> started calls (ids prefixed with
    /// <paramref name="prefix"/>), one of them ended, and a little chat; returns when ingestion accepted them.
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
        // Chat: one session waiting, one with Ada who answered; a CSAT response (the Chat page draws every panel).
        events.Add(CloudEvent("chat.session_started", now.AddSeconds(-20), new { sessionId = $"{prefix}-chat-1", channel = "web" }));
        events.Add(CloudEvent("chat.session_started", now.AddSeconds(-30), new { sessionId = $"{prefix}-chat-2", channel = "whatsapp" }));
        events.Add(CloudEvent("chat.session_assigned", now.AddSeconds(-25), new { sessionId = $"{prefix}-chat-2", agentId = "agent-1" }));
        events.Add(CloudEvent("chat.message", now.AddSeconds(-24), new { sessionId = $"{prefix}-chat-2", messageId = $"{prefix}-m-1", kind = "text", sender = "customer" }));
        events.Add(CloudEvent("chat.message", now.AddSeconds(-22), new { sessionId = $"{prefix}-chat-2", messageId = $"{prefix}-m-2", kind = "text", sender = "agent" }));
        events.Add(CloudEvent("chat.message_status", now.AddSeconds(-21), new { messageId = $"{prefix}-m-2", status = "read" }));
        events.Add(CloudEvent("csat.submitted", now, new { score = 4, sessionId = $"{prefix}-chat-2" }));
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

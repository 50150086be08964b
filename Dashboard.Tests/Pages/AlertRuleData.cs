using System.Net;
using System.Net.Http.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Pages;

/// <summary>Alert rules and the queue figures that make them fire, for the Alerts page, bell and Wallboard tests.</summary>
internal static class AlertRuleData
{
    /// <summary>The scopes of an admin session.</summary>
    public const string AdminScopes = $"{Scopes.Read} {Scopes.Admin}";

    /// <summary>
    /// Creates, through <c>POST /api/v1/alerts/rules</c>, a rule on the calls waiting in queue <c>support</c>: warning above
    /// 5, critical above 10, no pending or keep-firing period, no data keeps the state. Asserts the 201.
    /// </summary>
    public static async Task CreateCallsWaitingRuleAsync(DashboardServer server, string tenant, string id, string name)
    {
        using var admin = server.Http(server.Token(tenant, AdminScopes));
        using var response = await admin.PostAsJsonAsync("/api/v1/alerts/rules", new
        {
            id, name, metric = "queue.callsWaiting", labels = new { queue = "support" }, direction = "above",
            warning = 5, critical = 10, forSeconds = 0, keepFiringForSeconds = 0, noData = "keep",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Publishes queue <c>support</c> with <paramref name="waiting"/> calls waiting, as the queue job does.</summary>
    public static Task PublishWaitingAsync(DashboardServer server, string tenant, int waiting) =>
        QueueBoardData.PublishQueuesAsync(server, tenant, QueueBoardData.Queue("support", waiting: waiting, longestWait: 30));

    /// <summary>Opens a page signed in as <paramref name="subject"/> (the name an acknowledgement shows).</summary>
    public static async Task<IPage> SignInAsAsync(IBrowserContext context, DashboardServer server, string tenant, string subject, string scopes = Scopes.Read)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant, scopes, subject: subject)));
        return page;
    }
}

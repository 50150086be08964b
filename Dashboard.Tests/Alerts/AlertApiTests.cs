using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Alerts.Evaluation;
using Dashboard.Auth;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// The real server (docs/alert-states.md): a rule created over REST, values fed through real queue snapshots on the hub's
/// publisher, the clustered evaluation job, <c>GET /api/v1/alerts</c>, history, an acknowledgement seen live by a second
/// WebSocket client, <c>dashboard_alerts</c> on <c>/metrics</c>, and problem+json for bad input.
/// </summary>
public sealed class AlertApiTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    internal static object Queue(double longestWait, int waiting) => new
    {
        queues = new[] { new { queue = "support", callsWaiting = waiting, longestWaitSeconds = longestWait } },
        totals = new { callsWaiting = waiting, longestWaitSeconds = longestWait },
    };

    internal static async Task CreateRuleAsync(DashboardServer node, string tenant, object rule)
    {
        using var admin = node.Http(node.Token(tenant, $"{Scopes.Read} {Scopes.Admin}"));
        using var created = await admin.PostAsJsonAsync("/api/v1/alerts/rules", rule);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static bool Is(JsonElement m, string type) => m.GetProperty("type").GetString() == type;

    [Fact]
    public async Task An_acknowledgement_over_REST_is_seen_live_by_a_second_client_and_the_instance_is_on_metrics_and_in_history()
    {
        var tenant = "alerts-" + Guid.NewGuid().ToString("N")[..8];
        await CreateRuleAsync(server, tenant, new { id = "wait", name = "Longest wait", metric = "queue.longestWaitSeconds{queue=support}", warning = 300, warningRecovery = 240 });
        var (bob, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant, subject: "bob"));
        await using var _bob = bob;
        await bob.SendAsync(new { type = "subscribe", id = "n1", topics = new[] { AlertEvaluator.Topic } });
        await bob.ReceiveUntilAsync(m => Is(m, "subscribed"), Wait);

        await server.PublishAsync(tenant, Topics.Queue, "queue_updated", Queue(400, 2), isSnapshot: true);
        var firing = await bob.ReceiveUntilAsync(m => Is(m, "alert_state"), Wait);
        Assert.Equal(("firing", "warning", "{queue=\"support\"}"), (firing.GetProperty("data").GetProperty("state").GetString(),
            firing.GetProperty("data").GetProperty("level").GetString(), firing.GetProperty("data").GetProperty("labelKey").GetString()));
        var notification = await bob.ReceiveUntilAsync(IsOneNotification, Wait);
        Assert.Equal(("firing", "warning"), (notification.GetProperty("data").GetProperty("state").GetString(), notification.GetProperty("data").GetProperty("severity").GetString()));

        using var ana = server.Http(server.Token(tenant, subject: "ana"));
        var list = await ana.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.Equal("wait", Assert.Single(list.GetProperty("rules").EnumerateArray()).GetProperty("id").GetString());
        var alert = Assert.Single(list.GetProperty("alerts").EnumerateArray());
        var id = alert.GetProperty("id").GetInt64();
        Assert.Equal((400, "Longest wait"), (alert.GetProperty("value").GetDouble(), alert.GetProperty("ruleName").GetString()));
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("critical").ValueKind);

        // version orders the views of one instance (docs/alert-states.md, "Instance shape"): an ack is a write, so it is higher.
        var firingVersion = firing.GetProperty("data").GetProperty("version").GetInt64();
        var listedVersion = alert.GetProperty("version").GetInt64();
        Assert.True(firingVersion >= 1 && listedVersion >= firingVersion, $"firing v{firingVersion}, listed v{listedVersion}");
        long ackVersion;
        using (var acked = await ana.PostAsync($"/api/v1/alerts/{id}/ack", null))
        {
            Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
            var body = await acked.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("ana", body.GetProperty("acknowledgedBy").GetString());
            ackVersion = body.GetProperty("version").GetInt64();
            Assert.True(ackVersion > listedVersion, $"ack v{ackVersion} after listed v{listedVersion}");
        }

        var seen = await bob.ReceiveUntilAsync(m => Is(m, "alert_state") && m.GetProperty("data").GetProperty("acknowledgedBy").ValueKind == JsonValueKind.String, Wait);
        Assert.Equal(("ana", JsonValueKind.Null), (seen.GetProperty("data").GetProperty("acknowledgedBy").GetString(), seen.GetProperty("data").GetProperty("transition").ValueKind));
        Assert.Equal(ackVersion, seen.GetProperty("data").GetProperty("version").GetInt64());
        Assert.Equal(ackVersion, (await ana.GetFromJsonAsync<JsonElement>("/api/v1/alerts")).GetProperty("alerts")[0].GetProperty("version").GetInt64());

        // The first acknowledgement stands.
        using (var bobHttp = server.Http(server.Token(tenant, subject: "bob")))
        using (var again = await bobHttp.PostAsync($"/api/v1/alerts/{id}/ack", null))
        {
            Assert.Equal("ana", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledgedBy").GetString());
        }

        using var scraper = server.Http();
        var families = await MetricsScrape.UntilAsync(scraper, f =>
            MetricsScrape.Exact(f, "dashboard_alerts", ("tenant", tenant), ("rule", "wait"), ("severity", "warning"), ("state", "firing")) == 1);
        Assert.Equal(0, MetricsScrape.Exact(families, "dashboard_alerts", ("tenant", tenant), ("rule", "wait"), ("severity", "warning"), ("state", "normal")));
        Assert.Null(MetricsScrape.Exact(families, "dashboard_alerts", ("tenant", tenant), ("rule", "wait"), ("severity", "critical"), ("state", "firing")));

        // Resolving an acknowledged alert changes state without a notification, and clears the acknowledgement.
        await server.PublishAsync(tenant, Topics.Queue, "queue_updated", Queue(100, 1), isSnapshot: true);
        var resolved = await bob.ReceiveUntilAsync(m =>
        {
            Assert.False(IsOneNotification(m), "a notification for an acknowledged alert");
            return Is(m, "alert_state") && m.GetProperty("data").GetProperty("level").GetString() == "none";
        }, Wait);
        Assert.Equal(JsonValueKind.Null, resolved.GetProperty("data").GetProperty("acknowledgedBy").ValueKind);
        // A resolve notification would have committed with the state it announces, before its alert_state was published:
        // the stored notifications are the firing one alone.
        var stored = await ana.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Equal(["firing"], stored.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("state").GetString()));
        Assert.True(resolved.GetProperty("data").GetProperty("version").GetInt64() > ackVersion, "the resolving pass's write is newer than the ack");
        using (var nothing = await ana.PostAsync($"/api/v1/alerts/{id}/ack", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
            Assert.Equal("application/problem+json", nothing.Content.Headers.ContentType?.MediaType);
        }

        var history = await ana.GetFromJsonAsync<JsonElement>("/api/v1/alerts/history?hours=1&ruleId=wait");
        Assert.Equal(["firing->normal", "normal->firing"], history.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("from").GetString()}->{i.GetProperty("to").GetString()}"));
        Assert.Equal(1, history.GetProperty("hours").GetInt32());
    }

    // A notification itself, not the feed's snapshot ({items, count}), which the tick publishes whenever the tenant has a
    // new row (here: the firing notification) and may reach the client at any point of the test (docs/notifications.md).
    private static bool IsOneNotification(JsonElement m) =>
        Is(m, "notification") && !m.GetProperty("data").TryGetProperty("items", out _);

    [Theory]
    [InlineData("/api/v1/alerts/history?hours=0", "hours")]
    [InlineData("/api/v1/alerts/history?hours=169", "hours")]
    [InlineData("/api/v1/alerts/history?hours=x", "hours")]
    [InlineData("/api/v1/alerts/history?ruleId=bad%20id", "ruleId")]
    public async Task Bad_query_parameters_are_400_problems_naming_them(string url, string parameter)
    {
        using var client = server.Http(server.Token("alerts-bad"));
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Acknowledging_an_unknown_or_another_tenants_alert_is_404_and_no_token_is_401()
    {
        using var client = server.Http(server.Token("alerts-none"));
        using (var response = await client.PostAsync("/api/v1/alerts/999999/ack", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var anonymous = server.Http();
        using var refused = await anonymous.GetAsync("/api/v1/alerts");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_alert_endpoints_with_their_answers_and_ranges()
    {
        using var http = server.Http();
        var paths = (await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var (path, method, operationId, statuses) in new[]
        {
            ("/api/v1/alerts", "get", "GetAlerts", new[] { "200", "401", "403" }),
            ("/api/v1/alerts/history", "get", "GetAlertHistory", ["200", "400", "401", "403"]),
            ("/api/v1/alerts/{id}/ack", "post", "AcknowledgeAlert", ["200", "404", "409", "401", "403"]),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
            foreach (var status in statuses)
            {
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {path} {status}");
            }
        }

        var hours = paths.GetProperty("/api/v1/alerts/history").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "hours").GetProperty("schema");
        Assert.Equal((1, 168, 24), (hours.GetProperty("minimum").GetInt32(), hours.GetProperty("maximum").GetInt32(), hours.GetProperty("default").GetInt32()));
    }
}

/// <summary>Two nodes of one cluster evaluating the same rules on their own hubs: one notification, never two.</summary>
public sealed class AlertTwoNodeTests(TwoNodes<DashboardServer> nodes) : IClassFixture<TwoNodes<DashboardServer>>
{
    [Fact]
    public async Task Passes_on_two_nodes_at_once_store_and_send_one_firing_notification()
    {
        var tenant = "alerts2-" + Guid.NewGuid().ToString("N")[..8];
        await AlertApiTests.CreateRuleAsync(nodes.A, tenant, new { id = "wait", name = "Longest wait", metric = "queue.longestWaitSeconds", warning = 300 });
        await nodes.A.PublishAsync(tenant, Topics.Queue, "queue_updated", AlertApiTests.Queue(400, 3), isSnapshot: true);
        // Node B's hub has the snapshot too (the backplane), so both evaluators see the breach.
        var b = nodes.B.Services.GetRequiredService<Dashboard.Realtime.RealtimeHub>();
        await Poll.UntilAsync(() => b.Latest(tenant, Topics.Queue) is not null, TimeSpan.FromSeconds(10), "the snapshot on node B");

        var evaluators = new[] { nodes.A, nodes.B, nodes.A, nodes.B }.Select(n => n.Services.GetRequiredService<AlertEvaluator>()).ToList();
        await Task.WhenAll(evaluators.Select(e => Task.Run(() => e.RunAsync(CancellationToken.None))));
        await Task.WhenAll(evaluators.Select(e => Task.Run(() => e.RunAsync(CancellationToken.None))));

        await using var db = Npgsql.NpgsqlDataSource.Create(nodes.A.ConnectionString);
        Assert.Equal(["firing:warning:" + (await AlertTestRows.InstancesAsync(db, tenant, "id")).Single()], await AlertTestRows.NotificationsAsync(db, tenant));
    }
}

using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Dashboard.Tests.Realtime;

/// <summary>docs/protocol.md §6: polling snapshots with ETag = seq.</summary>
public sealed class SnapshotEndpointTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Returns_the_latest_envelope_with_etag_and_304_when_unchanged()
    {
        var tenant = Tenants.New();
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        await server.PublishAsync(tenant, "campaign:c-1", "metrics_update", new { totalAttempts = 1 }, isSnapshot: true);
        await server.PublishAsync(tenant, "campaign:c-1", "metrics_update", new { totalAttempts = 2 }, isSnapshot: true);
        using var http = server.Http(server.Token(tenant));

        var response = await http.GetAsync("/api/v1/snapshots/campaign:c-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("metrics_update", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("data").GetProperty("totalAttempts").GetInt32());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/snapshots/campaign:c-1");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"2\""));
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_snapshot_is_invisible_and_errors_are_problem_json()
    {
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        await server.PublishAsync("other-tenant", "metrics", "metrics_update", new { secret = 1 }, isSnapshot: true);
        using var http = server.Http(server.Token("my-tenant"));

        Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync("/api/v1/snapshots/metrics")).StatusCode);
        var unknown = await http.GetAsync("/api/v1/snapshots/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/snapshots/system")).StatusCode);
        using var anonymous = server.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/snapshots/metrics")).StatusCode);
    }
}

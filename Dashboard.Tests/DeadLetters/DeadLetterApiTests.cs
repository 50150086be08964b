using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Npgsql;
using System.Net;

namespace Dashboard.Tests.DeadLetters;

/// <summary>The real server with two attempts per dead letter, retried after 1 s.</summary>
public sealed class DeadLetterServer() : ConfiguredServer(new()
{
    ["DeadLetters:MaxAttempts"] = "2",
    ["DeadLetters:RetryDelaySeconds"] = "1",
});

/// <summary>
/// A poison event on the real server with its real 1 s job (docs/dead-letters.md): set aside, retried, quarantined; the
/// REST API lists, retries and discards it for the tenant's admin only; <c>/readyz</c> says Degraded with the reason and
/// <c>/metrics</c> counts it; another tenant's metrics keep updating throughout.
/// </summary>
public sealed class DeadLetterApiTests(DeadLetterServer server) : IClassFixture<DeadLetterServer>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_poison_event_is_quarantined_listed_retried_and_discarded_while_other_tenants_keep_updating()
    {
        var poisoned = Tenants.New();
        var healthy = Tenants.New();
        using var admin = server.Http(server.Token(poisoned, $"{Scopes.Read} {Scopes.Admin}"));
        using var otherAdmin = server.Http(server.Token(healthy, $"{Scopes.Read} {Scopes.Admin}"));
        using var reader = server.Http(server.Token(poisoned, Scopes.Read));
        using var producer = server.Http(server.Token(healthy, $"{Scopes.Read} {Scopes.Write}"));

        // Stored before the ingestion bounds existed: a call id PostgreSQL's btree index refuses (54000).
        await using (var data = NpgsqlDataSource.Create(server.ConnectionString))
        await using (var cmd = data.CreateCommand(
            "INSERT INTO events (tenant, source, event_id, type, time, data) VALUES ($1, 'legacy', 'poison-1', 'call.started', now(), $2::jsonb)"))
        {
            cmd.Parameters.AddWithValue(poisoned);
            cmd.Parameters.AddWithValue($$"""{"callId":"{{HostileEvents.Incompressible(3000)}}","direction":"outbound","campaignId":"x"}""");
            await cmd.ExecuteNonQueryAsync();
        }

        (await producer.PostAsync(Events.CallStarted("h-1"))).EnsureSuccessStatusCode();
        var entry = await WaitAsync(admin, e => e.GetProperty("entries").GetArrayLength() == 1
            && e.GetProperty("entries")[0].GetProperty("state").GetString() == "quarantined");
        var id = entry.GetProperty("entries")[0].GetProperty("id").GetInt64();
        Assert.Equal("poison-1", entry.GetProperty("entries")[0].GetProperty("eventId").GetString());
        Assert.Equal(2, entry.GetProperty("entries")[0].GetProperty("attempts").GetInt32());
        Assert.StartsWith("54000", entry.GetProperty("entries")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, entry.GetProperty("counts").GetProperty("quarantined").GetInt64());

        // The other tenant folded and publishes as usual, and sees none of this tenant's entries.
        await WaitForAttemptsAsync(producer, 1);
        var others = await (await otherAdmin.GetAsync("/api/v1/dead-letters")).JsonAsync();
        Assert.Equal(0, others.GetProperty("entries").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.DeleteAsync($"/api/v1/dead-letters/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/dead-letters")).StatusCode);
        foreach (var bad in new[] { "0", "501", "", "abc" })
        {
            var refused = await admin.GetAsync($"/api/v1/dead-letters?limit={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.JsonAsync()).GetProperty("errors").TryGetProperty("limit", out _));
        }

        // Readiness: still ready (200), Degraded with the reason; the gauge and the counter show it.
        var ready = await WaitForReadyzAsync(body => body.StartsWith("Degraded", StringComparison.Ordinal));
        Assert.Contains("dead_letters: Degraded: 1 event(s) quarantined", ready, StringComparison.Ordinal);
        var metrics = await server.Http().GetStringAsync("/metrics");
        Assert.Contains("dashboard_dead_letters{state=\"quarantined\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("dashboard_dead_lettered_events_total{stage=\"fold\"} 1", metrics, StringComparison.Ordinal);

        // Retry: due at once with fresh attempts; it fails again (the cause is still there) and is quarantined again.
        var retried = await admin.PostAsync($"/api/v1/dead-letters/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await WaitAsync(admin, e => e.GetProperty("entries")[0].GetProperty("attempts").GetInt32() == 2
            && e.GetProperty("entries")[0].GetProperty("state").GetString() == "quarantined"
            && e.GetProperty("entries")[0].GetProperty("lastFailedAt").GetDateTime() > entry.GetProperty("entries")[0].GetProperty("lastFailedAt").GetDateTime());

        // Discard: gone, readiness healthy again (once the 5 s count cache has moved on).
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/dead-letters/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/dead-letters/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/dead-letters/{id}/retry", null)).StatusCode);
        await WaitForReadyzAsync(body => body == "Healthy");

        (await producer.PostAsync(Events.CallStarted("h-2"))).EnsureSuccessStatusCode();
        await WaitForAttemptsAsync(producer, 2);
    }

    private async Task<string> WaitForReadyzAsync(Func<string, bool> done)
    {
        using var http = server.Http();
        var (status, body) = await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync("/readyz");
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            },
            r => r.StatusCode == HttpStatusCode.OK && done(r.Item2), Bound, "/readyz");
        return body;
    }

    private static Task<System.Text.Json.JsonElement> WaitAsync(HttpClient admin, Func<System.Text.Json.JsonElement, bool> done) =>
        Poll.UntilAsync(async () => await (await admin.GetAsync("/api/v1/dead-letters")).JsonAsync(), done, Bound, "dead letters");

    private static Task WaitForAttemptsAsync(HttpClient http, long attempts) =>
        Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync("/api/v1/snapshots/metrics");
                return response.StatusCode == HttpStatusCode.OK
                    && (await response.JsonAsync()).GetProperty("data").GetProperty("totalAttempts").GetInt64() == attempts;
            },
            Bound, $"totalAttempts {attempts}");
}

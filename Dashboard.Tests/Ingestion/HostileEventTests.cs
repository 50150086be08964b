using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// The cross-tenant poison test, against the real server with its real 1 s job: tenant A posts every row of
/// <see cref="HostileEvents"/> and each gets its documented answer (docs/limits.md) naming the event index and field,
/// while tenant B's live metrics keep following B's own calls within 2 s of each acknowledgement, throughout and after.
/// </summary>
public sealed class HostileEventTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan FreshnessBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Every_hostile_event_gets_its_documented_answer_while_another_tenants_metrics_keep_updating_within_2_s()
    {
        var tenantA = Tenants.New();
        var tenantB = Tenants.New();
        var now = DateTimeOffset.UtcNow;
        var refused = HostileEvents.Refused(server, now);
        var atLimits = HostileEvents.AtTheLimits(now);
        Assert.True(refused.Count >= 40, $"the table has {refused.Count} rows");

        var (watcher, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenantB));
        await using var _ = watcher;
        await watcher.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "metrics" } });
        await watcher.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed");

        var aDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tenantBLoop = KeepTenantBMovingAsync(tenantB, watcher, aDone.Task);

        var failures = new List<string>();
        try
        {
            using var writerA = server.Http(server.Token(tenantA, Scopes.Write));
            foreach (var row in refused)
            {
                failures.AddRange(await CheckAsync(row, writerA));
            }

            foreach (var (name, body) in atLimits)
            {
                using var response = await writerA.PostAsync(body);
                if ((int)response.StatusCode != 202)
                {
                    failures.Add($"{name}: expected 202, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        finally
        {
            aDone.SetResult();
        }

        var latencies = await tenantBLoop;

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(atLimits.Count, await Events.CountAsync(server.ConnectionString, tenantA));
        Assert.True(latencies.Count >= 3, $"tenant B made {latencies.Count} rounds");
    }

    [Theory]
    [InlineData("callId", 3_000)]
    [InlineData("agentId", 3_000)]
    [InlineData("campaignId", 100_000)]
    [InlineData("callId", 100_000)]
    public async Task The_events_that_used_to_poison_the_fold_and_the_publisher_are_400s_and_store_nothing(string field, int size)
    {
        var tenant = Tenants.New();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        var e = Events.CallStarted("c-1");
        e["data"]![field] = HostileEvents.Incompressible(size);

        using var response = await client.PostAsync(e);

        var problem = await response.AssertProblemAsync(400);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(0, error.GetProperty("index").GetInt32());
        Assert.Equal("data." + field, error.GetProperty("field").GetString());
        Assert.Contains("at most 128 bytes of UTF-8 (Ingestion:MaxIdentifierBytes)", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    private static async Task<List<string>> CheckAsync(HostileCase row, HttpClient writerA)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent(row.Body, Encoding.UTF8, row.ContentType),
        };
        if (row.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", row.Token);
        }

        using var response = await writerA.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var shown = body.Length > 400 ? body[..400] + "…" : body;
        if ((int)response.StatusCode != row.Status || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return [$"{row.Name}: expected {row.Status} problem+json, got {(int)response.StatusCode} {response.Content.Headers.ContentType}: {shown}"];
        }

        var problem = JsonDocument.Parse(body).RootElement;
        if (row.Status == 401)
        {
            var detail = problem.GetProperty("detail").GetString() ?? "";
            return detail.Contains(row.Mentions, StringComparison.Ordinal) ? [] : [$"{row.Name}: 401 detail does not name the {row.Field}: {shown}"];
        }

        var named = problem.GetProperty("errors").EnumerateArray().Any(e =>
            e.GetProperty("index").GetInt32() == row.Index
            && e.GetProperty("field").GetString() == row.Field
            && e.GetProperty("reason").GetString()!.Contains(row.Mentions, StringComparison.Ordinal));
        return named ? [] : [$"{row.Name}: no error for index {row.Index}, field {row.Field} mentioning '{row.Mentions}': {shown}"];
    }

    /// <summary>
    /// Tenant B starts one call per round and waits for its <c>metrics_update</c> to count it, each within 2 s of the
    /// 202, until tenant A is done and two more rounds passed. Returns each round's latency.
    /// </summary>
    private async Task<List<TimeSpan>> KeepTenantBMovingAsync(string tenantB, ProtocolClient watcher, Task aDone)
    {
        using var writerB = server.Http(server.Token(tenantB, Scopes.Write));
        var latencies = new List<TimeSpan>();
        var roundsAfterA = 0;
        for (var k = 1; roundsAfterA < 2; k++)
        {
            var wasDone = aDone.IsCompleted;
            var started = Events.Event("call.started", new JsonObject { ["callId"] = $"b-{k}", ["direction"] = "outbound", ["campaignId"] = "b-camp" });
            using (var response = await writerB.PostAsync(started))
            {
                await response.AssertAcceptedAsync(1, 0);
            }

            var acknowledged = Stopwatch.StartNew();
            var attempts = k;
            try
            {
                await watcher.ReceiveUntilAsync(
                    m => m.GetProperty("type").GetString() == "metrics_update" && m.GetProperty("data").GetProperty("totalAttempts").GetInt64() >= attempts,
                    FreshnessBound);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"tenant B's call {k} did not show in its metrics within {FreshnessBound.TotalSeconds} s of its 202 (tenant A {(wasDone ? "was done" : "was still posting")})");
            }

            latencies.Add(acknowledged.Elapsed);
            Assert.True(acknowledged.Elapsed <= FreshnessBound, $"tenant B's round {k} took {acknowledged.Elapsed}");
            roundsAfterA += wasDone ? 1 : 0;
        }

        return latencies;
    }
}

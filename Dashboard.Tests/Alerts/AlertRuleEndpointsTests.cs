using System.Net;
using System.Text;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Npgsql;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// <c>/api/v1/alerts/rules</c> on the real app (Kestrel, PostgreSQL): the admin scope, create/read/replace/delete with
/// versions and generated ids, silence, the 409s (id taken, config rules), the rule count limit and deletion of a
/// rule's alert states with its history kept.
/// </summary>
public sealed class AlertRuleEndpointsTests(AlertRulesServer server) : IClassFixture<AlertRulesServer>
{
    private const string Rules = "/api/v1/alerts/rules";

    private HttpClient Admin(string tenant) => server.Http(server.Token(tenant, $"{Scopes.Read} {Scopes.Admin}", subject: "sup-1"));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Every_verb_needs_the_admin_scope()
    {
        var tenant = Tenants.New();
        using var reader = server.Http(server.Token(tenant));
        await (await reader.GetAsync(Rules)).AssertProblemAsync(403);
        await (await reader.PostAsync(Rules, Json("""{"name":"x","metric":"queue.callsWaiting","warning":5}"""))).AssertProblemAsync(403);
        await (await reader.PutAsync(Rules + "/x", Json("""{"name":"x","metric":"queue.callsWaiting","warning":5}"""))).AssertProblemAsync(403);
        await (await reader.DeleteAsync(Rules + "/x")).AssertProblemAsync(403);
        await (await reader.PostAsync(Rules + "/x/silence", Json("""{"until":null}"""))).AssertProblemAsync(403);
        using var anonymous = server.Http();
        await (await anonymous.GetAsync(Rules)).AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_rule_is_created_read_replaced_silenced_and_deleted()
    {
        var tenant = Tenants.New();
        using var http = Admin(tenant);
        var created = await http.PostAsync(Rules, Json(
            """{"id":"sl-support","name":"Service level","metric":"queue.serviceLevel{queue=\"support\"}","direction":"below","warning":0.8,"critical":0.6,"warningRecovery":0.85,"forSeconds":60,"noData":"ok"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{Rules}/sl-support", created.Headers.Location?.OriginalString);
        var rule = await created.JsonAsync();
        // The inline selector is stored as labels; the metric without braces.
        Assert.Equal(("queue.serviceLevel", "support", "below", "api", 1), (rule.GetProperty("metric").GetString(), rule.GetProperty("labels").GetProperty("queue").GetString(), rule.GetProperty("direction").GetString(), rule.GetProperty("source").GetString(), rule.GetProperty("version").GetInt32()));
        Assert.Equal((0.85, JsonValueKind.Null, 60, 0, "ok"), (rule.GetProperty("warningRecovery").GetDouble(), rule.GetProperty("criticalRecovery").ValueKind, rule.GetProperty("forSeconds").GetInt32(), rule.GetProperty("keepFiringForSeconds").GetInt32(), rule.GetProperty("noData").GetString()));

        Assert.EndsWith("Z", rule.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        // Another tenant's admin neither sees nor touches it.
        using (var stranger = Admin(Tenants.New()))
        {
            await (await stranger.GetAsync($"{Rules}/sl-support")).AssertProblemAsync(404);
            await (await stranger.DeleteAsync($"{Rules}/sl-support")).AssertProblemAsync(404);
            Assert.Equal(0, (await (await stranger.GetAsync(Rules)).JsonAsync()).GetProperty("items").GetArrayLength());
        }

        var one = await (await http.GetAsync($"{Rules}/sl-support")).JsonAsync();
        Assert.Equal(rule.GetProperty("createdAt").GetString(), one.GetProperty("createdAt").GetString());
        var list = await (await http.GetAsync(Rules)).JsonAsync();
        Assert.Equal(["sl-support"], list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray());

        // PUT: a rule read back may be sent with its read-only fields; version + 1.
        var edited = one.ToString().Replace("\"Service level\"", "\"Service level (support)\"", StringComparison.Ordinal);
        var replaced = await (await http.PutAsync($"{Rules}/sl-support", Json(edited))).JsonAsync();
        Assert.Equal(("Service level (support)", 2), (replaced.GetProperty("name").GetString(), replaced.GetProperty("version").GetInt32()));
        Assert.True(replaced.GetProperty("updatedAt").GetDateTimeOffset() >= one.GetProperty("updatedAt").GetDateTimeOffset());
        // Another id in the body than the path's: 400 naming id.
        var renamed = await (await http.PutAsync($"{Rules}/sl-support", Json("""{"id":"other","name":"x","metric":"queue.callsWaiting","warning":5}"""))).AssertProblemAsync(400);
        Assert.True(renamed.GetProperty("errors").TryGetProperty("id", out _));
        await (await http.PutAsync($"{Rules}/missing", Json("""{"name":"x","metric":"queue.callsWaiting","warning":5}"""))).AssertProblemAsync(404);

        // Silence: who and until; version unchanged (the evaluator keeps the states); null lifts it.
        var until = DateTimeOffset.UtcNow.AddHours(2);
        var silenced = await (await http.PostAsync($"{Rules}/sl-support/silence", Json($$"""{"until":"{{until:O}}"}"""))).JsonAsync();
        Assert.Equal(("sup-1", 2), (silenced.GetProperty("silencedBy").GetString(), silenced.GetProperty("version").GetInt32()));
        Assert.InRange(silenced.GetProperty("silencedUntil").GetDateTimeOffset() - until, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        var lifted = await (await http.PostAsync($"{Rules}/sl-support/silence", Json("""{"until":null}"""))).JsonAsync();
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (lifted.GetProperty("silencedUntil").ValueKind, lifted.GetProperty("silencedBy").ValueKind));
        // A time without its offset would be read in the server's zone: refused.
        var local = DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss");
        var offset = DateTimeOffset.UtcNow.AddHours(2).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"{Rules}/sl-support/silence", Json($$"""{"until":"{{offset}}"}"""))).StatusCode);
        foreach (var bad in new[] { DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), DateTimeOffset.UtcNow.AddDays(31).ToString("O"), "tomorrow", local })
        {
            var problem = await (await http.PostAsync($"{Rules}/sl-support/silence", Json($$"""{"until":"{{bad}}"}"""))).AssertProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("until", out _), bad);
        }

        await (await http.PostAsync($"{Rules}/missing/silence", Json("""{"until":null}"""))).AssertProblemAsync(404);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Rules}/sl-support")).StatusCode);
        await (await http.GetAsync($"{Rules}/sl-support")).AssertProblemAsync(404);
        await (await http.DeleteAsync($"{Rules}/sl-support")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Deleting_a_rule_deletes_its_alert_states_and_keeps_its_transitions()
    {
        var tenant = Tenants.New();
        using var http = Admin(tenant);
        (await http.PostAsync(Rules, Json("""{"id":"waiting","name":"Waiting","metric":"queue.callsWaiting","warning":5}"""))).EnsureSuccessStatusCode();
        await using var data = NpgsqlDataSource.Create(server.ConnectionString);
        await using (var seed = data.CreateCommand(
            "WITH i AS (INSERT INTO alert_instances (tenant, rule_id, label_key, warning_since, critical_since, level_since, evaluated_at) " +
            "VALUES ($1, 'waiting', '', now(), now(), now(), now()) RETURNING id) " +
            "INSERT INTO alert_transitions (tenant, alert_id, rule_id, label_key, severity, from_state, to_state, at) " +
            "SELECT $1, id, 'waiting', '', 'warning', 'normal', 'firing', now() FROM i"))
        {
            seed.Parameters.AddWithValue(tenant);
            await seed.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Rules}/waiting")).StatusCode);
        Assert.Equal((0L, 1L), (await CountAsync(data, "alert_instances", tenant), await CountAsync(data, "alert_transitions", tenant)));
    }

    [Fact]
    public async Task A_PUT_changing_the_selector_deletes_the_alert_states_and_one_changing_thresholds_keeps_them()
    {
        var tenant = Tenants.New();
        using var http = Admin(tenant);
        (await http.PostAsync(Rules, Json("""{"id":"waiting","name":"Waiting","metric":"queue.callsWaiting{queue=support}","warning":5}"""))).EnsureSuccessStatusCode();
        await using var data = NpgsqlDataSource.Create(server.ConnectionString);
        await SeedFiringAsync(data, tenant, "waiting");

        (await http.PutAsync($"{Rules}/waiting", Json("""{"name":"Waiting","metric":"queue.callsWaiting{queue=support}","warning":8}"""))).EnsureSuccessStatusCode();
        Assert.Equal(1L, await CountAsync(data, "alert_instances", tenant));

        (await http.PutAsync($"{Rules}/waiting", Json("""{"name":"Waiting","metric":"queue.callsWaiting{queue=sales}","warning":8}"""))).EnsureSuccessStatusCode();
        Assert.Equal((0L, 1L), (await CountAsync(data, "alert_instances", tenant), await CountAsync(data, "alert_transitions", tenant)));
    }

    [Fact]
    public async Task An_ack_or_silence_by_a_token_sub_over_256_bytes_is_400_naming_sub_and_an_empty_sub_acks_as_unknown()
    {
        var tenant = Tenants.New();
        using var http = Admin(tenant);
        (await http.PostAsync(Rules, Json("""{"id":"waiting","name":"Waiting","metric":"queue.callsWaiting","warning":5}"""))).EnsureSuccessStatusCode();
        await using var data = NpgsqlDataSource.Create(server.ConnectionString);
        var id = await SeedFiringAsync(data, tenant, "waiting");

        using var longSub = server.Http(server.Token(tenant, $"{Scopes.Read} {Scopes.Admin}", subject: new string('é', 129)));
        var problem = await (await longSub.PostAsync($"/api/v1/alerts/{id}/ack", null)).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sub", out _));
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        problem = await (await longSub.PostAsync($"{Rules}/waiting/silence", Json($$"""{"until":"{{until}}"}"""))).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sub", out _));

        using var noSub = server.Http(server.Token(tenant, subject: ""));
        var acked = await (await noSub.PostAsync($"/api/v1/alerts/{id}/ack", null)).JsonAsync();
        Assert.Equal("unknown", acked.GetProperty("acknowledgedBy").GetString());
    }

    // A warning-level instance of the rule with no labels, and one transition; returns the instance id.
    private static async Task<long> SeedFiringAsync(NpgsqlDataSource data, string tenant, string ruleId)
    {
        await using var seed = data.CreateCommand(
            "WITH i AS (INSERT INTO alert_instances (tenant, rule_id, label_key, labels, warning_state, warning_since, critical_since, level, level_since, evaluated_at) " +
            "VALUES ($1, $2, '{queue=\"support\"}', '{\"queue\":\"support\"}', 'firing', now(), now(), 'warning', now(), now()) RETURNING id), " +
            "t AS (INSERT INTO alert_transitions (tenant, alert_id, rule_id, label_key, severity, from_state, to_state, at) " +
            "SELECT $1, id, $2, '', 'warning', 'normal', 'firing', now() FROM i) SELECT id FROM i");
        seed.Parameters.AddWithValue(tenant);
        seed.Parameters.AddWithValue(ruleId);
        return (long)(await seed.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task An_absent_id_is_generated_from_the_name_and_a_taken_id_is_409()
    {
        var tenant = Tenants.New();
        using var http = Admin(tenant);
        const string body = """{"name":"Chat: waiting > 10!","metric":"chat.sessions.waiting","warning":10}""";
        var first = await (await http.PostAsync(Rules, Json(body))).JsonAsync();
        var second = await (await http.PostAsync(Rules, Json(body))).JsonAsync();
        Assert.Equal(("chat-waiting-10", "chat-waiting-10-2"), (first.GetProperty("id").GetString(), second.GetProperty("id").GetString()));

        var taken = await (await http.PostAsync(Rules, Json("""{"id":"chat-waiting-10","name":"x","metric":"queue.callsWaiting","warning":5}"""))).AssertProblemAsync(409);
        Assert.Contains("chat-waiting-10", taken.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rule_count_stops_at_Alerts_MaxRulesPerTenant_counting_configured_rules()
    {
        using var http = Admin(AlertRulesServer.ConfigTenant);
        var ids = new List<string>();
        for (var i = 0; i < AlertRulesServer.MaxRules - 1; i++)
        {
            var created = await (await http.PostAsync(Rules, Json($$"""{"id":"max-{{i}}","name":"n","metric":"queue.callsWaiting","warning":5}"""))).JsonAsync();
            ids.Add(created.GetProperty("id").GetString()!);
        }

        try
        {
            var refused = await (await http.PostAsync(Rules, Json("""{"id":"max-x","name":"n","metric":"queue.callsWaiting","warning":5}"""))).AssertProblemAsync(400);
            Assert.Contains("Alerts:MaxRulesPerTenant", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var id in ids)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Rules}/{id}")).StatusCode);
            }
        }
    }

    [Fact]
    public async Task Concurrent_creates_never_pass_the_rule_limit()
    {
        var tenant = Tenants.New();
        using var http = Admin(tenant);
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            http.PostAsync(Rules, Json($$"""{"id":"r-{{i}}","name":"n","metric":"queue.callsWaiting","warning":5}"""))));
        Assert.Equal(AlertRulesServer.MaxRules, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Equal(AlertRulesServer.MaxRules, (await (await http.GetAsync(Rules)).JsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_configured_rule_is_listed_may_be_silenced_but_not_replaced_or_deleted()
    {
        using var http = Admin(AlertRulesServer.ConfigTenant);
        var rule = await (await http.GetAsync($"{Rules}/{AlertRulesServer.ConfigRuleId}")).JsonAsync();
        Assert.Equal(("config", "queue.longestWaitSeconds", "support", 300.0, 240.0, 30, "above", "keep"),
            (rule.GetProperty("source").GetString(), rule.GetProperty("metric").GetString(), rule.GetProperty("labels").GetProperty("queue").GetString(),
             rule.GetProperty("warning").GetDouble(), rule.GetProperty("warningRecovery").GetDouble(), rule.GetProperty("forSeconds").GetInt32(),
             rule.GetProperty("direction").GetString(), rule.GetProperty("noData").GetString()));

        var put = await (await http.PutAsync($"{Rules}/{AlertRulesServer.ConfigRuleId}", Json("""{"name":"x","metric":"queue.callsWaiting","warning":5}"""))).AssertProblemAsync(409);
        Assert.Contains("Alerts:Rules", put.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await http.DeleteAsync($"{Rules}/{AlertRulesServer.ConfigRuleId}")).AssertProblemAsync(409);
        var taken = await http.PostAsync(Rules, Json($$"""{"id":"{{AlertRulesServer.ConfigRuleId}}","name":"x","metric":"queue.callsWaiting","warning":5}"""));
        await taken.AssertProblemAsync(409);

        var silenced = await (await http.PostAsync($"{Rules}/{AlertRulesServer.ConfigRuleId}/silence", Json($$"""{"until":"{{DateTimeOffset.UtcNow.AddMinutes(30):O}}"}"""))).JsonAsync();
        Assert.Equal(JsonValueKind.String, silenced.GetProperty("silencedUntil").ValueKind);
        (await http.PostAsync($"{Rules}/{AlertRulesServer.ConfigRuleId}/silence", Json("{}"))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_openapi_document_describes_the_rule_endpoints()
    {
        using var http = server.Http();
        var paths = (await (await http.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");
        Assert.Equal("ListAlertRules", paths.GetProperty(Rules).GetProperty("get").GetProperty("operationId").GetString());
        var post = paths.GetProperty(Rules).GetProperty("post");
        Assert.Equal("CreateAlertRule", post.GetProperty("operationId").GetString());
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
        foreach (var (method, id) in new[] { ("get", "GetAlertRule"), ("put", "ReplaceAlertRule"), ("delete", "DeleteAlertRule") })
        {
            Assert.Equal(id, paths.GetProperty(Rules + "/{id}").GetProperty(method).GetProperty("operationId").GetString());
        }

        Assert.Equal("SilenceAlertRule", paths.GetProperty(Rules + "/{id}/silence").GetProperty("post").GetProperty("operationId").GetString());
    }

    private static async Task<long> CountAsync(NpgsqlDataSource data, string table, string tenant)
    {
        await using var cmd = data.CreateCommand($"SELECT count(*) FROM {table} WHERE tenant = $1");
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

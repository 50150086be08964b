using System.Text;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// REST validation of alert rules (docs/alerts.md, "Rule reference"): every rule class answers 400 ValidationProblem
/// keyed by the JSON field, an unknown metric lists the valid ones, and nothing is stored.
/// </summary>
public sealed class AlertRuleValidationTests(AlertRulesServer server) : IClassFixture<AlertRulesServer>
{
    private const string Rules = "/api/v1/alerts/rules";

    public static TheoryData<string, string> Invalid => new()
    {
        { """{"id":"bad id!","name":"n","metric":"queue.callsWaiting","warning":5}""", "id" },
        { $$"""{"id":"{{new string('a', 65)}}","name":"n","metric":"queue.callsWaiting","warning":5}""", "id" },
        { """{"name":"","metric":"queue.callsWaiting","warning":5}""", "name" },
        { $$"""{"name":"{{new string('n', 201)}}","metric":"queue.callsWaiting","warning":5}""", "name" },
        { """{"metric":"queue.callsWaiting","warning":5}""", "name" },
        { """{"name":"n","warning":5}""", "metric" },
        { """{"name":"n","metric":"queue.callsWaiting{queue","warning":5}""", "metric" },
        { """{"name":"n","metric":"queue.callsWaiting{queue=a}","labels":{"queue":"b"},"warning":5}""", "metric" },
        { """{"name":"n","metric":"kpi:9bad","warning":5}""", "metric" },
        { """{"name":"n","metric":"queue.callsWaiting","direction":"sideways","warning":5}""", "direction" },
        { """{"name":"n","metric":"queue.callsWaiting","noData":"maybe","warning":5}""", "noData" },
        { """{"name":"n","metric":"queue.callsWaiting"}""", "warning" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":"5"}""", "warning" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"warningRecovery":6}""", "warningRecovery" },
        { """{"name":"n","metric":"queue.callsWaiting","critical":5,"criticalRecovery":7}""", "criticalRecovery" },
        { """{"name":"n","metric":"queue.callsWaiting","critical":5,"warningRecovery":4}""", "warningRecovery" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":10,"critical":5}""", "critical" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":10,"critical":10}""", "critical" },
        { """{"name":"n","metric":"queue.serviceLevel","direction":"below","warning":0.6,"critical":0.8}""", "critical" },
        { """{"name":"n","metric":"queue.serviceLevel","direction":"below","warning":0.8,"warningRecovery":0.7}""", "warningRecovery" },
        { """{"name":"n","metric":"queue.serviceLevel","direction":"below","critical":0.5,"criticalRecovery":0.4}""", "criticalRecovery" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"forSeconds":86401}""", "forSeconds" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"forSeconds":-1}""", "forSeconds" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"forSeconds":1.5}""", "forSeconds" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"keepFiringForSeconds":90000}""", "keepFiringForSeconds" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"labels":{"a":"1","b":"1","c":"1","d":"1","e":"1","f":"1","g":"1","h":"1","i":"1"}}""", "labels" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"labels":{"1bad":"x"}}""", "labels" },
        { "{\"name\":\"n\",\"metric\":\"queue.callsWaiting\",\"warning\":5,\"labels\":{\"queue\":\"" + new string('q', 201) + "\"}}", "labels" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"labels":{"queue":5}}""", "labels" },
        { """{"name":"n","metric":"queue.callsWaiting","warning":5,"threshold":5}""", "threshold" },
        { """[1,2]""", "" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task A_broken_rule_is_400_naming_its_field_and_is_not_stored(string body, string field)
    {
        var tenant = Tenants.New();
        using var http = server.Http(server.Token(tenant, $"{Scopes.Read} {Scopes.Admin}"));
        var problem = await (await http.PostAsync(Rules, new StringContent(body, Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors has no {field}: {errors}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        Assert.Empty((await (await http.GetAsync(Rules)).JsonAsync()).GetProperty("items").EnumerateArray());

        // PUT validates the same way.
        var put = await (await http.PutAsync(Rules + "/x", new StringContent(body, Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        Assert.True(put.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_unknown_metric_is_refused_with_the_valid_ones()
    {
        using var http = server.Http(server.Token(Tenants.New(), $"{Scopes.Read} {Scopes.Admin}"));
        var problem = await (await http.PostAsync(Rules, new StringContent("""{"name":"n","metric":"queue.longestWait","warning":5}""", Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("metric").EnumerateArray()).GetString()!;
        Assert.StartsWith("unknown metric queue.longestWait; valid: ", message, StringComparison.Ordinal);
        var known = problem.GetProperty("knownMetrics").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains("queue.longestWaitSeconds", known);
        Assert.Contains("chat.sessions.waiting", known);
        Assert.Contains("commerce.activeUsers.current", known);
        Assert.Equal("kpi:<name>", known[^1]);
        Assert.All(known, k => Assert.Contains(k, message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inline_selector_with_quotes_is_normalised_into_labels()
    {
        using var http = server.Http(server.Token(Tenants.New(), $"{Scopes.Read} {Scopes.Admin}"));
        var rule = await (await http.PostAsync(Rules, new StringContent(
            """{"name":"n","metric":"kpi:leads{region=\"eu, west\", channel = web}","labels":{"channel":"web"},"warning":5}""", Encoding.UTF8, "application/json"))).JsonAsync();
        Assert.Equal("kpi:leads", rule.GetProperty("metric").GetString());
        Assert.Equal(["channel=web", "region=eu, west"], rule.GetProperty("labels").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal).ToArray());
    }
}

using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Npgsql;
using System.Net;
using System.Text.Json;

namespace Dashboard.Tests.Chat;

/// <summary>
/// <c>GET /api/v1/chat</c>, <c>/chat/agents</c> and <c>/chat/sessions</c> on the real app: their bodies from rows written
/// as the fold writes them, their validation (400 problem+json naming the parameter), authorization and OpenAPI entries.
/// </summary>
public sealed class ChatEndpointsTests(DashboardServer server) : IClassFixture<DashboardServer>, IDisposable
{
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(server.ConnectionString);

    public void Dispose() => _db.Dispose();

    // Instants certainly inside today (UTC) however close to midnight the test runs: fractions of the time since 00:00.
    private static (DateTime Now, DateTime DayStart, Func<double, DateTime> Today) Clock()
    {
        var now = DateTime.UtcNow;
        var dayStart = now.Date;
        return (now, dayStart, f => dayStart + (now - dayStart) * f);
    }

    [Fact]
    public async Task Sessions_are_listed_per_state_in_their_order_with_the_true_total()
    {
        var tenant = Tenants.New();
        var rows = new ChatTestRows(_db, tenant);
        var (now, dayStart, today) = Clock();
        await rows.SessionAsync("w-new", now.AddSeconds(-5), "web");
        await rows.SessionAsync("w-old", now.AddSeconds(-120), "whatsapp");
        await rows.SessionAsync("a-early", now.AddHours(-3), "web", assignedAt: now.AddHours(-2.9), agentId: "a-1");
        await rows.SessionAsync("a-late", now.AddHours(-3), "web", assignedAt: now.AddHours(-2.9), agentId: "a-2", agentAssignedAt: now.AddMinutes(-1));
        await rows.SessionAsync("c-first", today(0.1), "web", assignedAt: today(0.2), agentId: "a-1", firstResponseAt: today(0.3), closedAt: today(0.4), resolved: true);
        await rows.SessionAsync("c-second", today(0.1), "web", closedAt: today(0.5));
        await rows.SessionAsync("c-yesterday", dayStart.AddHours(-3), "web", closedAt: dayStart.AddHours(-2), resolved: true);
        using var http = server.Http(server.Token(tenant));

        var waiting = await (await http.GetAsync("/api/v1/chat/sessions")).JsonAsync();
        Assert.Equal(("waiting", 2L), (waiting.GetProperty("state").GetString(), waiting.GetProperty("total").GetInt64()));
        Assert.Equal(["w-old", "w-new"], Ids(waiting));
        var oldest = waiting.GetProperty("sessions")[0];
        Assert.Equal(("whatsapp", "waiting"), (oldest.GetProperty("channel").GetString(), oldest.GetProperty("state").GetString()));
        Assert.InRange(oldest.GetProperty("waitingSeconds").GetDouble(), 120, 180);
        Assert.Equal(JsonValueKind.Null, oldest.GetProperty("resolved").ValueKind);
        Assert.Equal(JsonValueKind.Null, oldest.GetProperty("agentId").ValueKind);

        var one = await (await http.GetAsync("/api/v1/chat/sessions?state=waiting&limit=1")).JsonAsync();
        Assert.Equal(2L, one.GetProperty("total").GetInt64());
        Assert.Equal(["w-old"], Ids(one));

        var active = await (await http.GetAsync("/api/v1/chat/sessions?state=active")).JsonAsync();
        Assert.Equal(["a-late", "a-early"], Ids(active));
        Assert.Equal("a-2", active.GetProperty("sessions")[0].GetProperty("agentId").GetString());
        Assert.Equal(JsonValueKind.Null, active.GetProperty("sessions")[0].GetProperty("waitingSeconds").ValueKind);

        var closed = await (await http.GetAsync("/api/v1/chat/sessions?state=closed&limit=500")).JsonAsync();
        Assert.Equal(2L, closed.GetProperty("total").GetInt64());
        Assert.Equal(["c-second", "c-first"], Ids(closed));
        var first = closed.GetProperty("sessions")[1];
        Assert.True(first.GetProperty("resolved").GetBoolean());
        Assert.False(closed.GetProperty("sessions")[0].GetProperty("resolved").GetBoolean());
        Assert.Equal(today(0.3), first.GetProperty("firstResponseAt").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(dayStart, closed.GetProperty("windowStart").GetDateTime().ToUniversalTime());

        // Another tenant's token sees none of it.
        using var other = server.Http(server.Token(Tenants.New()));
        foreach (var state in new[] { "waiting", "active", "closed" })
        {
            var body = await (await other.GetAsync("/api/v1/chat/sessions?state=" + state)).JsonAsync();
            Assert.Equal((0L, 0), (body.GetProperty("total").GetInt64(), body.GetProperty("sessions").GetArrayLength()));
        }
    }

    [Fact]
    public async Task GET_chat_and_chat_agents_answer_the_tokens_tenant_only()
    {
        var tenant = Tenants.New();
        var rows = new ChatTestRows(_db, tenant);
        var (now, _, today) = Clock();
        await rows.SessionAsync("s1", today(0.5), "web", assignedAt: today(0.5).AddSeconds(12), agentId: "a-1", firstResponseAt: today(0.5).AddSeconds(30));
        await rows.SessionAsync("s2", now.AddSeconds(-40), "web");
        await rows.AgentAsync("a-1", "Ana");
        await rows.CsatAsync(today(0.6), 4, sessionId: "s1");
        using var http = server.Http(server.Token(tenant));

        var chat = await (await http.GetAsync("/api/v1/chat")).JsonAsync();
        Assert.Equal((1, 1), (chat.GetProperty("sessions").GetProperty("active").GetInt32(), chat.GetProperty("sessions").GetProperty("waiting").GetInt32()));
        Assert.Equal("s2", chat.GetProperty("waitingSessions")[0].GetProperty("sessionId").GetString());
        Assert.Equal((12.0, 30.0), (chat.GetProperty("averageWaitSeconds").GetDouble(), chat.GetProperty("firstResponseSeconds").GetDouble()));
        Assert.Equal("UTC", chat.GetProperty("timeZone").GetString());
        Assert.Equal(24, chat.GetProperty("messages").GetProperty("perHour").GetArrayLength());

        var agents = await (await http.GetAsync("/api/v1/chat/agents")).JsonAsync();
        var a1 = Assert.Single(agents.GetProperty("agents").EnumerateArray());
        Assert.Equal(("a-1", "Ana", 1, 1L), (a1.GetProperty("agentId").GetString(), a1.GetProperty("name").GetString(), a1.GetProperty("activeSessions").GetInt32(), a1.GetProperty("sessionsToday").GetInt64()));
        Assert.Equal(1.0, a1.GetProperty("csatPercent").GetDouble());
        Assert.Equal("UTC", agents.GetProperty("timeZone").GetString());
        Assert.Equal(now.Date, agents.GetProperty("windowStart").GetDateTime().ToUniversalTime());
        Assert.True(agents.TryGetProperty("computedAt", out _));

        using var other = server.Http(server.Token(Tenants.New()));
        var empty = await (await other.GetAsync("/api/v1/chat")).JsonAsync();
        Assert.Equal(0, empty.GetProperty("sessions").GetProperty("waiting").GetInt32());
        Assert.Equal(0, empty.GetProperty("waitingSessions").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("longestWaitSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("csat").GetProperty("percent").ValueKind);
        Assert.Equal(["1", "2", "3", "4", "5"], empty.GetProperty("csat").GetProperty("distribution").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["text", "image", "file", "audio", "video"], empty.GetProperty("messages").GetProperty("byKind").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["sent", "delivered", "read", "failed"], empty.GetProperty("messages").GetProperty("byStatus").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("messages").GetProperty("deliveryRate").ValueKind);
        Assert.Equal(0, (await (await other.GetAsync("/api/v1/chat/agents")).JsonAsync()).GetProperty("agents").GetArrayLength());
    }

    [Theory]
    [InlineData("state=open", "state")]
    [InlineData("state=WAITING", "state")]
    [InlineData("state=", "state")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("state=closed&limit=-1", "limit")]
    public async Task A_bad_state_or_limit_is_400_problem_json_naming_the_parameter_and_its_allowed_values(string query, string parameter)
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var problem = await (await http.GetAsync("/api/v1/chat/sessions?" + query)).AssertProblemAsync(400);

        var message = problem.GetProperty("errors").GetProperty(parameter)[0].GetString()!;
        Assert.Equal(
            parameter == "state" ? "state must be one of waiting, active, closed (default waiting)." : "limit must be an integer from 1 to 500 (default 100).",
            message);
        Assert.Contains(parameter, problem.GetProperty("title").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/chat")]
    [InlineData("/api/v1/chat/agents")]
    [InlineData("/api/v1/chat/sessions")]
    public async Task Without_a_token_it_is_401_and_without_the_read_scope_403(string url)
    {
        using var anonymous = server.Http();
        await (await anonymous.GetAsync(url)).AssertProblemAsync(401);
        using var writer = server.Http(server.Token(Tenants.New(), Scopes.Write));
        await (await writer.GetAsync(url)).AssertProblemAsync(403);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_chat_endpoints_and_their_parameters()
    {
        using var http = server.Http();
        var paths = (await (await http.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");
        foreach (var (path, operationId) in new[] { ("/api/v1/chat", "GetChat"), ("/api/v1/chat/agents", "GetChatAgents"), ("/api/v1/chat/sessions", "GetChatSessions") })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal(operationId, get.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _), path);
            Assert.True(get.GetProperty("responses").TryGetProperty("401", out _), path);
            Assert.Equal(JsonValueKind.Array, get.GetProperty("security").ValueKind);
        }

        var sessions = paths.GetProperty("/api/v1/chat/sessions").GetProperty("get");
        Assert.True(sessions.GetProperty("responses").TryGetProperty("400", out _));
        var parameters = sessions.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal(["waiting", "active", "closed"], parameters["state"].GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("waiting", parameters["state"].GetProperty("default").GetString());
        Assert.Equal((1, 500, 100), (parameters["limit"].GetProperty("minimum").GetInt32(), parameters["limit"].GetProperty("maximum").GetInt32(), parameters["limit"].GetProperty("default").GetInt32()));
    }

    private static string[] Ids(JsonElement report) =>
        [.. report.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()!)];
}

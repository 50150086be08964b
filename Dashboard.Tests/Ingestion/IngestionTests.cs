using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Ingestion;

/// <summary><c>POST /api/v1/events</c> through the real app: what is accepted, stored, deduplicated and refused.</summary>
public sealed class IngestionTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private HttpClient Writer(string tenant) => server.Http(server.Token(tenant, Scopes.Write));

    [Fact]
    public async Task Single_event_is_stored_with_its_attributes_and_acknowledged_after_commit()
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var e = Events.CallStarted("call-1");
        e["subject"] = "call-1";
        // An hour ago (within Ingestion:MaxEventAgeDays), written at +02:00 with milliseconds.
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddHours(-1).AddMilliseconds(123).ToOffset(TimeSpan.FromHours(2));
        e["time"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await client.PostAsync(e);

        await response.AssertAcceptedAsync(accepted: 1, duplicates: 0);
        var row = Assert.Single(await Events.RowsAsync(server.ConnectionString, tenant));
        Assert.Equal(("/dialer/test", (string)e["id"]!, "call.started", "call-1"), (row.Source, row.Id, row.Type, row.Subject));
        Assert.Equal(at.UtcDateTime, row.Time.UtcDateTime);
        Assert.Equal("outbound", row.Data.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Event_without_time_gets_the_arrival_time()
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await client.PostAsync(Events.CallEnded("call-2"));

        await response.AssertAcceptedAsync(1, 0);
        var row = Assert.Single(await Events.RowsAsync(server.ConnectionString, tenant));
        Assert.InRange(row.Time, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Theory]
    [InlineData(Events.Batch)]
    [InlineData("application/json")]
    public async Task Batch_is_stored_in_order(string contentType)
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var batch = Events.Array(Events.CallStarted("c-9"), Events.Event("call.answered", new JsonObject { ["callId"] = "c-9" }), Events.CallEnded("c-9"));

        using var response = await client.PostAsync(batch, contentType);

        await response.AssertAcceptedAsync(3, 0);
        var rows = await Events.RowsAsync(server.ConnectionString, tenant);
        Assert.Equal(["call.started", "call.answered", "call.ended"], rows.Select(r => r.Type));
    }

    [Fact]
    public async Task The_same_event_posted_twice_is_a_duplicate_stored_once()
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var e = Events.CallStarted("c-dup");

        using var first = await client.PostAsync(e);
        using var second = await client.PostAsync(e);

        await first.AssertAcceptedAsync(1, 0);
        await second.AssertAcceptedAsync(0, 1);
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task A_repeat_inside_one_batch_is_a_duplicate_and_the_same_id_from_another_source_is_not()
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var id = Events.NewId();
        var batch = Events.Array(Events.CallStarted("c-1", id), Events.CallEnded("c-1"), Events.CallStarted("c-1", id), Events.CallStarted("c-1", id, source: "/other"));

        using var response = await client.PostAsync(batch, Events.Batch);

        await response.AssertAcceptedAsync(3, 1);
        Assert.Equal(3, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task Invalid_batch_names_every_bad_event_and_stores_nothing()
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var badId = Events.CallStarted("c-1");
        badId["id"] = 42;
        var batch = Events.Array(Events.CallStarted("c-1"), Events.CallEnded("c-1", outcome: "hung_up"), Events.CallEnded("c-2"), badId);

        using var response = await client.PostAsync(batch, Events.Batch);

        var problem = await response.AssertProblemAsync(400);
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([1, 3], errors.Select(e => e.Item1).Distinct());
        Assert.Contains(errors, e => e.Item1 == 1 && e.Item2 == "data.outcome" && e.Item3.Contains("no_answer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == 3 && e.Item2 == "id" && e.Item3.Contains("string", StringComparison.Ordinal));
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    public static TheoryData<string, string, string> InvalidEvents => new()
    {
        // event JSON, expected field, a word of the expected reason
        { """{"id":"1","source":"/s","type":"call.answered","data":{"callId":"c"}}""", "specversion", "required" },
        { """{"specversion":"0.3","id":"1","source":"/s","type":"call.answered","data":{"callId":"c"}}""", "specversion", "1.0" },
        { """{"specversion":1.0,"id":"1","source":"/s","type":"call.answered","data":{"callId":"c"}}""", "specversion", "string" },
        { """{"specversion":"1.0","id":"","source":"/s","type":"call.answered","data":{"callId":"c"}}""", "id", "non-empty" },
        { """{"specversion":"1.0","id":"1","type":"call.answered","data":{"callId":"c"}}""", "source", "required" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.transferred","data":{}}""", "type", "unsupported event type" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.answered","data":"c"}""", "data", "object" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.answered","time":"31/01/2026","data":{"callId":"c"}}""", "time", "RFC 3339" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.answered","datacontenttype":"text/plain","data":{"callId":"c"}}""", "datacontenttype", "JSON" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.started","data":{"callId":"c","direction":"sideways"}}""", "data.direction", "inbound" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.ended","data":{"callId":"c","outcome":"busy","durationSeconds":-1}}""", "data.durationSeconds", "0" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.ended","data":{"callId":7,"outcome":"busy"}}""", "data.callId", "string" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"campaign.updated","data":{"campaignId":"c","queueDepth":2.5}}""", "data.queueDepth", "integer" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"campaign.updated","data":{"campaignId":"c","status":"Active"}}""", "data.status", "paused" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.answered","TraceParent":"x","data":{"callId":"c"}}""", "TraceParent", "attribute name" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"call.queued","data":{"callId":"c"}}""", "data.queue", "required" },
        { """{"specversion":"1.0","id":"1","source":"/s","type":"agent.status_changed","data":{"agentId":"a","status":"lunch"}}""", "data.status", "after_call_work" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task Invalid_event_is_400_naming_the_field(string json, string field, string reason)
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);

        using var response = await client.PostAsync(json);

        var problem = await response.AssertProblemAsync(400);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(0, error.GetProperty("index").GetInt32());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(reason, error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task Catalogue_types_without_member_rules_yet_are_stored_when_data_is_an_object()
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var e = Events.Event("chat.message", new JsonObject { ["sessionId"] = "s-1", ["messageId"] = "m-1", ["kind"] = "text", ["sender"] = "agent" });
        e["traceparent"] = "00-abc-def-01";

        using var response = await client.PostAsync(e);

        await response.AssertAcceptedAsync(1, 0);
    }

    [Theory]
    [InlineData("""{"specversion":"1.0",""", "Malformed JSON")]
    [InlineData("""{"specversion":"1.0","id":"a","id":"b","source":"/s","type":"call.answered","data":{"callId":"c"}}""", "Malformed JSON")]
    [InlineData("42", "Invalid request body")]
    public async Task Unparseable_body_is_400_problem(string body, string title)
    {
        using var client = Writer(Events.NewTenant());

        using var response = await client.PostAsync(body, "application/json");

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Batch_content_type_with_a_single_object_is_400()
    {
        using var client = Writer(Events.NewTenant());

        using var response = await client.PostAsync(Events.CallStarted("c"), Events.Batch);

        await response.AssertProblemAsync(400);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Wrong_content_type_is_415(string contentType)
    {
        using var client = Writer(Events.NewTenant());
        using var content = new StringContent(Events.CallStarted("c").ToJsonString());
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync("/api/v1/events", content);

        await response.AssertProblemAsync(415);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        using var client = server.Http();

        using var response = await client.PostAsync(Events.CallStarted("c"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_read_only_token_is_403_and_stores_nothing()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Read));

        using var response = await client.PostAsync(Events.CallStarted("c"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task The_tenant_is_the_tokens_whatever_the_body_says()
    {
        var tenant = Events.NewTenant();
        var other = Events.NewTenant();
        using var client = Writer(tenant);
        var e = Events.CallStarted("c");
        e["tenant"] = other;

        using var response = await client.PostAsync(e);

        await response.AssertAcceptedAsync(1, 0);
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, other));
    }

    [Fact]
    public async Task The_same_event_from_two_tenants_is_stored_for_each()
    {
        var (a, b) = (Events.NewTenant(), Events.NewTenant());
        var e = Events.CallStarted("c");
        using var clientA = Writer(a);
        using var clientB = Writer(b);

        using var first = await clientA.PostAsync(e);
        using var second = await clientB.PostAsync(e);

        await first.AssertAcceptedAsync(1, 0);
        await second.AssertAcceptedAsync(1, 0);
    }

    [Fact]
    public async Task Too_many_events_at_the_default_limit_is_413()
    {
        var tenant = Events.NewTenant();
        using var client = Writer(tenant);
        var batch = Events.Array([.. Enumerable.Range(0, 1001).Select(i => Events.CallEnded("c-" + i))]);

        using var response = await client.PostAsync(batch, Events.Batch);

        var problem = await response.AssertProblemAsync(413);
        Assert.Contains("Ingestion:MaxBatchEvents", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task Response_counts_are_json_with_camel_case_names()
    {
        using var client = Writer(Events.NewTenant());

        using var response = await client.PostAsync(Events.CallStarted("c"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"accepted":1,"duplicates":0}""", await response.Content.ReadAsStringAsync());
    }
}

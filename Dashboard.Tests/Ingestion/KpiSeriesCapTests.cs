using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Npgsql;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Ingestion;

/// <summary>An app whose tenants may have at most <see cref="MaxSeries"/> KPI series.</summary>
public sealed class SmallKpiCapServer() : ConfiguredServer(new() { ["Kpis:MaxSeriesPerTenant"] = MaxSeries.ToString(System.Globalization.CultureInfo.InvariantCulture) })
{
    public const int MaxSeries = 3;
}

/// <summary>
/// <c>Kpis:MaxSeriesPerTenant</c> and a series' kind, checked at ingest through the real endpoint (docs/limits.md,
/// docs/events.md §5): a request that would add one series more, or report another kind than its series', is a 400 in
/// the ingestion's error shape naming each refused event, and nothing of it is stored; other tenants are not affected,
/// and concurrent requests never pass the cap together.
/// </summary>
public sealed class KpiSeriesCapTests(SmallKpiCapServer server) : IClassFixture<SmallKpiCapServer>
{
    [Fact]
    public async Task A_request_that_would_add_a_series_beyond_the_cap_is_refused_whole_naming_the_limit_and_the_series()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        using (var fill = await client.PostAsync(Events.Array(
                   Report("leads", 1, labels: new() { ["region"] = "eu", ["team"] = "a" }), Report("leads", 2, labels: new() { ["region"] = "us" }), Report("calls", 3)),
                   Events.Batch))
        {
            await fill.AssertAcceptedAsync(3, 0);
        }

        // Known series (labels in another order are the same series) and one new one.
        using var over = await client.PostAsync(Events.Array(
            Report("leads", 4, labels: new() { ["team"] = "a", ["region"] = "eu" }), Report("leads", 5, labels: new() { ["region"] = "apac" }), Report("calls", 6),
            Report("leads", 7, labels: new() { ["region"] = "apac" })), Events.Batch);

        var problem = await over.AssertProblemAsync(400);
        Assert.Equal("Invalid events", problem.GetProperty("title").GetString());
        Assert.Equal("2 of 4 events are invalid; nothing was stored.", problem.GetProperty("detail").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([1, 3], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.All(errors, e => Assert.Equal(
            """would add series leads{region="apac"}, beyond Kpis:MaxSeriesPerTenant (3); the tenant has 3 series""", e.GetProperty("reason").GetString()));
        Assert.Equal("data", errors[0].GetProperty("field").GetString());
        Assert.Equal(3, await Events.CountAsync(server.ConnectionString, tenant));
        Assert.Equal(["calls", "leads{region=\"eu\",team=\"a\"}", "leads{region=\"us\"}"], await SeriesAsync(tenant));

        // Known series alone still pass; another tenant has its own cap.
        using (var known = await client.PostAsync(Events.Array(Report("leads", 8, labels: new() { ["team"] = "a", ["region"] = "eu" }), Report("calls", 9)), Events.Batch))
        {
            await known.AssertAcceptedAsync(2, 0);
        }

        var other = Events.NewTenant();
        using var otherClient = server.Http(server.Token(other, Scopes.Write));
        using var otherFill = await otherClient.PostAsync(Events.Array(Report("a", 1), Report("b", 1), Report("leads", 1, labels: new() { ["region"] = "apac" })), Events.Batch);
        await otherFill.AssertAcceptedAsync(3, 0);
        Assert.Equal(3, (await SeriesAsync(other)).Count);
    }

    [Fact]
    public async Task A_report_of_another_kind_than_its_series_is_refused_naming_the_series_and_its_kind()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        using (var first = await client.PostAsync(Report("leads", 1)))
        {
            await first.AssertAcceptedAsync(1, 0);
        }

        using var counter = await client.PostAsync(Report("leads", 1, kind: "counter"));
        var error = Assert.Single((await counter.AssertProblemAsync(400)).GetProperty("errors").EnumerateArray());
        Assert.Equal((0, "data.kind", "series leads is a gauge; a report of kind counter cannot join it (a series keeps the kind of its first report)"),
            (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString(), error.GetProperty("reason").GetString()));

        // Within one request: a new series takes its first report's kind.
        using var mixed = await client.PostAsync(Events.Array(Report("mentions", 1, kind: "counter"), Report("mentions", 2)), Events.Batch);
        var mixedError = Assert.Single((await mixed.AssertProblemAsync(400)).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, mixedError.GetProperty("index").GetInt32());
        Assert.Contains("series mentions is a counter", mixedError.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
        Assert.Equal(["leads"], await SeriesAsync(tenant));
    }

    [Fact]
    public async Task Concurrent_requests_of_one_tenant_never_pass_the_cap_together()
    {
        var tenant = Events.NewTenant();
        const int requests = 12;
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(i => client.PostAsync(Report($"series_{i}", i))));
        try
        {
            Assert.Equal(SmallKpiCapServer.MaxSeries, responses.Count(r => r.StatusCode == System.Net.HttpStatusCode.Accepted));
            Assert.Equal(requests - SmallKpiCapServer.MaxSeries, responses.Count(r => r.StatusCode == System.Net.HttpStatusCode.BadRequest));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Equal(SmallKpiCapServer.MaxSeries, (await SeriesAsync(tenant)).Count);
        Assert.Equal(SmallKpiCapServer.MaxSeries, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task Accepted_reports_reach_their_registered_series_through_the_fold()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var newer = Timed(Report("leads", 12, labels: new() { ["region"] = "eu" }), at);
        var older = Timed(Report("leads", 99, labels: new() { ["region"] = "eu" }), at.AddSeconds(-30));
        using (var response = await client.PostAsync(Events.Array(newer, older, Report("mentions", 2, kind: "counter"), Report("mentions", 3, kind: "counter")), Events.Batch))
        {
            await response.AssertAcceptedAsync(4, 0);
        }

        // The server's own tick folds them: the gauge keeps its newest report by time, the counter adds.
        await Poll.UntilAsync(
            async () => string.Join(", ", await StringsAsync(
                "SELECT series_key || '=' || coalesce(value::text, '-') || '/' || reports FROM kpi_series WHERE tenant = $1 ORDER BY series_key COLLATE \"C\"", tenant)),
            seen => seen == "leads{region=\"eu\"}=12/2, mentions=5/2",
            TimeSpan.FromSeconds(30),
            "the reports folded into kpi_series");
    }

    private static JsonObject Timed(JsonObject report, DateTimeOffset time)
    {
        report["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return report;
    }

    private static JsonObject Report(string name, double value, string? kind = null, Dictionary<string, string>? labels = null)
    {
        var data = new JsonObject { ["name"] = name, ["value"] = value };
        if (kind is not null)
        {
            data["kind"] = kind;
        }

        if (labels is not null)
        {
            data["labels"] = JsonSerializer.SerializeToNode(labels);
        }

        return Events.Event("metric.reported", data, source: "/kpi/test");
    }

    private Task<List<string>> SeriesAsync(string tenant) =>
        StringsAsync("SELECT series_key FROM kpi_series WHERE tenant = $1 ORDER BY series_key COLLATE \"C\"", tenant);

    private async Task<List<string>> StringsAsync(string sql, string tenant)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddWithValue(tenant);
        var keys = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}

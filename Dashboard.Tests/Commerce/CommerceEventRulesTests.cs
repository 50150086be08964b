using Dashboard.Auth;
using Dashboard.Ingestion;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Npgsql;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// Ingestion's rules for the commerce members the commerce fold reads (docs/events.md §4): exact decimal amounts within
/// the currency's ISO 4217 minor unit, active currency codes, the status enum; a bad event is a 400 naming its field and
/// nothing of its request is stored; good ones reach the fold with their amounts exact.
/// </summary>
public sealed class CommerceEventRulesTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly DateTimeOffset Arrival = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"transactionId":"t","amount":12.50,"currency":"USD","status":"completed"}""", null)]
    [InlineData("""{"transactionId":"t","amount":12.500,"currency":"USD","status":"pending"}""", null)]
    [InlineData("""{"transactionId":"t","amount":0,"currency":"EUR","status":"failed"}""", null)]
    [InlineData("""{"transactionId":"t","amount":1500,"currency":"JPY","status":"refunded"}""", null)]
    [InlineData("""{"transactionId":"t","amount":1500.00,"currency":"JPY","status":"completed"}""", null)]
    [InlineData("""{"transactionId":"t","amount":1.5e2,"currency":"JPY","status":"completed"}""", null)]
    [InlineData("""{"transactionId":"t","amount":1.234,"currency":"KWD","status":"completed"}""", null)]
    [InlineData("""{"transactionId":"t","amount":999999999999999.99,"currency":"USD","status":"completed"}""", null)]
    [InlineData("""{"transactionId":"t","amount":1500.5,"currency":"JPY","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":12.345,"currency":"USD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":1.2345,"currency":"KWD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":12.5000000000000000000000000001,"currency":"USD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":-0.01,"currency":"USD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":1000000000000000,"currency":"USD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":1e400,"currency":"USD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":"12.50","currency":"USD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","currency":"USD","status":"completed"}""", "data.amount")]
    [InlineData("""{"transactionId":"t","amount":12.5,"currency":"usd","status":"completed"}""", "data.currency")]
    [InlineData("""{"transactionId":"t","amount":12.5,"currency":"XYZ","status":"completed"}""", "data.currency")]
    [InlineData("""{"transactionId":"t","amount":12.5,"currency":"XAU","status":"completed"}""", "data.currency")]
    [InlineData("""{"transactionId":"t","amount":12.5,"currency":"HRK","status":"completed"}""", "data.currency")]
    [InlineData("""{"transactionId":"t","amount":12.5,"currency":978,"status":"completed"}""", "data.currency")]
    [InlineData("""{"transactionId":"t","amount":12.5,"status":"completed"}""", "data.currency")]
    [InlineData("""{"transactionId":"t","amount":12.5,"currency":"EUR"}""", "data.status")]
    [InlineData("""{"transactionId":"t","amount":12.5,"currency":"EUR","status":"settled"}""", "data.status")]
    [InlineData("""{"amount":12.5,"currency":"EUR","status":"completed"}""", "data.transactionId")]
    public void Each_transaction_member_the_fold_reads_is_checked_at_ingest(string data, string? field) =>
        AssertRule("transaction.updated", data, field);

    [Theory]
    [InlineData("content.purchased", """{"contentId":"c"}""", null)]
    [InlineData("content.purchased", """{"contentId":"c","amount":4.99,"currency":"EUR"}""", null)]
    [InlineData("content.purchased", """{"contentId":"c","amount":null,"currency":null}""", null)]
    [InlineData("content.purchased", """{"contentId":"c","amount":4.99}""", "data.currency")]
    [InlineData("content.purchased", """{"contentId":"c","currency":"EUR"}""", "data.amount")]
    [InlineData("content.purchased", """{"contentId":"c","amount":4.999,"currency":"EUR"}""", "data.amount")]
    [InlineData("content.purchased", """{"contentId":"c","amount":5,"currency":"Euro"}""", "data.currency")]
    [InlineData("content.purchased", """{"amount":5,"currency":"EUR"}""", "data.contentId")]
    [InlineData("content.viewed", """{"contentId":"c","userId":"u"}""", null)]
    [InlineData("content.viewed", """{"userId":"u"}""", "data.contentId")]
    [InlineData("user.active", """{"userId":"u"}""", null)]
    [InlineData("user.active", """{"userId":""}""", "data.userId")]
    public void The_other_commerce_events_keep_their_rules(string type, string data, string? field) => AssertRule(type, data, field);

    [Fact]
    public async Task A_bad_commerce_event_is_a_400_naming_its_field_and_nothing_of_the_request_is_stored()
    {
        var tenant = Tenants.New();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        var batch = Events.Array(
            Transaction("ok", 12.50m, "USD", "completed"),
            Events.Event("transaction.updated", new JsonObject { ["transactionId"] = "cur", ["amount"] = 10, ["currency"] = "ABC", ["status"] = "pending" }),
            Events.Event("transaction.updated", new JsonObject { ["transactionId"] = "jpy", ["amount"] = 100.5m, ["currency"] = "JPY", ["status"] = "pending" }),
            Events.Event("transaction.updated", new JsonObject { ["transactionId"] = "neg", ["amount"] = -1, ["currency"] = "EUR", ["status"] = "refunded" }),
            Events.Event("transaction.updated", new JsonObject { ["transactionId"] = "nos", ["amount"] = 1, ["currency"] = "EUR" }));

        using var response = await client.PostAsync(batch, Events.Batch);

        var problem = await response.AssertProblemAsync(400);
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("reason").GetString()!))
            .ToList();
        Assert.Equal([(1, "data.currency"), (2, "data.amount"), (3, "data.amount"), (4, "data.status")], errors.Select(e => (e.Item1, e.Item2)));
        Assert.Contains("ISO 4217", errors[0].Item3, StringComparison.Ordinal);
        Assert.Contains("at most 0 digits after the decimal point in JPY", errors[1].Item3, StringComparison.Ordinal);
        Assert.Contains("at least 0", errors[2].Item3, StringComparison.Ordinal);
        Assert.Contains("pending", errors[3].Item3, StringComparison.Ordinal);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task Accepted_amounts_reach_the_fold_exact()
    {
        var tenant = Tenants.New();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        var batch = Events.Array(
            Transaction("usd", 12.50m, "USD", "completed"),
            Transaction("jpy", 1500m, "JPY", "completed"),
            Transaction("kwd", 0.125m, "KWD", "completed"),
            Transaction("big", 999999999999999.99m, "EUR", "completed"));

        using var response = await client.PostAsync(batch, Events.Batch);
        await response.AssertAcceptedAsync(4, 0);

        var rows = await Poll.UntilAsync(
            () => AmountsAsync(tenant), r => r.Contains("total|4"), TimeSpan.FromSeconds(20), "the fold to apply the transactions",
            r => string.Join(", ", r));
        Assert.Equal(["big|999999999999999.99|EUR", "jpy|1500|JPY", "kwd|0.125|KWD", "total|4", "usd|12.50|USD"], rows.Order(StringComparer.Ordinal));
    }

    private static void AssertRule(string type, string data, string? field)
    {
        using var doc = JsonDocument.Parse($$"""{"specversion":"1.0","id":"1","source":"/s","type":"{{type}}","data":{{data}}}""");
        var errors = new EventErrorCollector(EventLimits.Default);
        errors.BeginEvent(0);

        var valid = CloudEventValidator.Validate(doc.RootElement, Arrival, errors);

        if (field is null)
        {
            Assert.Empty(errors.Errors);
            Assert.NotNull(valid);
        }
        else
        {
            Assert.Equal(field, Assert.Single(errors.Errors).Field);
            Assert.Null(valid);
        }
    }

    private static JsonObject Transaction(string id, decimal amount, string currency, string status) =>
        Events.Event("transaction.updated", new JsonObject { ["transactionId"] = id, ["amount"] = amount, ["currency"] = currency, ["status"] = status });

    private async Task<List<string>> AmountsAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT concat_ws('|', transaction_id, amount, currency) FROM commerce_transactions WHERE tenant = $1
            UNION ALL SELECT 'total|' || sum(transactions) FROM commerce_transaction_totals WHERE tenant = $1 HAVING sum(transactions) > 0
            """,
            connection);
        cmd.Parameters.AddWithValue(tenant);
        var rows = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Simulation;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Catalogue.EventTypes;

namespace Dashboard.Tests.Simulation;

/// <summary>The shop model's events posted to the real ingestion endpoint, in the order the model delivers them.</summary>
public sealed class ShopSimulationIngestionTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Two_hours_of_the_simulated_shop_are_accepted_by_the_ingestion_endpoint_without_a_rejection()
    {
        // The default shop, two hours up to now (times must not lie in the future), late webhooks included. The daily curve
        // is flat: at the peak rate whatever the hour the test runs (at night the default curve gives too few events).
        var profile = new SimulatedShopOptions().ToProfile(TimeZoneInfo.Utc) with
        {
            SessionsPerMinuteAtPeak = 20, PurchaseShare = 0.2, RefundShare = 0.1, HourlyShape = [.. Enumerable.Repeat(1.0, 24)],
        };
        var end = DateTimeOffset.UtcNow;
        var start = end.AddHours(-2);
        var model = new ShopModel(profile, 1, new Random(3), Guid.NewGuid().ToString("N")[..8], start);
        var events = ShopModelTests.Run(model, TimeSpan.FromHours(2), TimeSpan.FromSeconds(10), start);
        Assert.Equal(
            [ContentPurchased, ContentViewed, TransactionUpdated, UserActive],
            events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["completed", "failed", "pending", "refunded"],
            events.Select(e => e.Data).OfType<TransactionUpdatedData>().Select(t => t.Status).Distinct().Order(StringComparer.Ordinal));

        var tenant = Tenants.New();
        using var http = server.Http(server.Token(tenant, Scopes.Write));
        var accepted = 0;
        foreach (var chunk in events.Chunk(TrafficSimulator.MaxBatchEvents))
        {
            using var content = new ByteArrayContent(CloudEventBatch.Serialize(chunk));
            content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventBatch.MediaType);
            using var response = await http.PostAsync("/api/v1/events", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
            using var json = JsonDocument.Parse(body);
            Assert.Equal((chunk.Length, 0), (json.RootElement.GetProperty("accepted").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32()));
            accepted += chunk.Length;
        }

        Assert.True(accepted > 10_000, $"{accepted} events");

        // The server's state is the model's, late webhooks and all: each transaction's status is that of its newest event
        // by time (docs/events.md §4), revenue the completed ones' amounts per currency.
        var final = events.Where(e => e.Data is TransactionUpdatedData)
            .GroupBy(e => ((TransactionUpdatedData)e.Data).TransactionId)
            .Select(g => (TransactionUpdatedData)g.MaxBy(e => e.Time)!.Data)
            .ToList();
        var revenue = final.Where(t => t.Status == "completed").GroupBy(t => t.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Sum(t => t.Amount).ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture)}");
        var expected = string.Join(", ", revenue) + " | " + string.Join(", ", new[] { "pending", "completed", "failed", "refunded" }.Select(s => $"{s} {final.Count(t => t.Status == s)}"));
        using var reader = server.Http(server.Token(tenant, Scopes.Read));
        await Poll.UntilAsync(
            async () => Describe(await reader.GetStringAsync("/api/v1/commerce")),
            seen => seen == expected,
            TimeSpan.FromSeconds(30),
            $"GET /api/v1/commerce to show {expected}");
    }

    private static string Describe(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var revenue = root.GetProperty("revenue").EnumerateArray()
            .Select(r => $"{r.GetProperty("currency").GetString()} {r.GetProperty("total").GetDecimal().ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture)}");
        var counts = root.GetProperty("transactions");
        return string.Join(", ", revenue) + " | " + string.Join(", ", new[] { "pending", "completed", "failed", "refunded" }.Select(s => $"{s} {counts.GetProperty(s).GetInt64()}"));
    }

    [Fact]
    public void The_wire_shapes_are_those_of_the_event_catalogue_with_amounts_as_json_numbers()
    {
        var time = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var body = CloudEventBatch.Serialize(
        [
            new SimulatedEvent("e-1", UserActive, "user-000001", time, new UserActiveData("user-000001")),
            new SimulatedEvent("e-2", ContentViewed, "content-0007", time, new ContentViewedData("content-0007", "user-000001")),
            new SimulatedEvent("e-3", TransactionUpdated, "txn-1", time, new TransactionUpdatedData("txn-1", 19.98m, "EUR", "pending")),
            new SimulatedEvent("e-4", ContentPurchased, "content-0007", time, new ContentPurchasedData("content-0007", 0.99m, "USD")),
        ]);

        using var doc = JsonDocument.Parse(body);
        Assert.Equal(
            [
                """{"userId":"user-000001"}""",
                """{"contentId":"content-0007","userId":"user-000001"}""",
                """{"transactionId":"txn-1","amount":19.98,"currency":"EUR","status":"pending"}""",
                """{"contentId":"content-0007","amount":0.99,"currency":"USD"}""",
            ],
            doc.RootElement.EnumerateArray().Select(e => e.GetProperty("data").GetRawText()));
    }
}

using Dashboard.Calendar;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Commerce;

/// <summary>The real app with one tenant in Asia/Kolkata (<c>Tenants:{tenant}:TimeZone</c>).</summary>
public sealed class CommerceServer : DashboardServer
{
    /// <summary>The tenant whose business day is in Asia/Kolkata.</summary>
    public const string KolkataTenant = "shop-kolkata";

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings[$"Tenants:{KolkataTenant}:TimeZone"] = "Asia/Kolkata";
        return settings;
    }
}

/// <summary>
/// POST /api/v1/events → the commerce fold → the 1 s tick → <c>commerce_update</c> on a real <see cref="System.Net.WebSockets.ClientWebSocket"/>,
/// the same figures from <c>GET /api/v1/commerce</c>, and the three reports, for a tenant in Asia/Kolkata; another
/// tenant sees none of it.
/// </summary>
public sealed class CommerceEndToEndTests(CommerceServer server) : IClassFixture<CommerceServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly BusinessCalendar Kolkata = new("Asia/Kolkata", TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

    [Fact]
    public async Task Commerce_events_reach_a_websocket_subscriber_as_commerce_update_and_the_REST_reports_agree()
    {
        const string tenant = CommerceServer.KolkataTenant;
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "commerce" } });
        await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed" && m.GetProperty("topic").GetString() == "commerce");

        // Ten minutes ago, but never before today's start in Kolkata: every figure here is "today's" there.
        var now = DateTime.UtcNow;
        var dayStart = Kolkata.DayStart(now);
        var t = now.AddMinutes(-10) > dayStart ? now.AddMinutes(-10) : dayStart.AddSeconds(1);
        JsonObject At(double seconds, string type, JsonObject data)
        {
            var e = Events.Event(type, data, source: "/shop/test");
            e["time"] = t.AddSeconds(seconds).ToString("O");
            return e;
        }

        JsonObject Tx(string id, decimal amount, string currency, string status) =>
            new() { ["transactionId"] = id, ["amount"] = amount, ["currency"] = currency, ["status"] = status };

        var batch = Events.Array(
            At(0, "transaction.updated", Tx("t1", 10.00m, "EUR", "pending")),
            At(60, "transaction.updated", Tx("t1", 10.00m, "EUR", "completed")),
            // t2's refund is posted before its completion.
            At(120, "transaction.updated", Tx("t2", 2.50m, "EUR", "refunded")),
            At(90, "transaction.updated", Tx("t2", 2.50m, "EUR", "completed")),
            At(100, "transaction.updated", Tx("t3", 0.10m, "EUR", "completed")),
            At(110, "transaction.updated", Tx("t4", 0.20m, "EUR", "completed")),
            At(130, "transaction.updated", Tx("t5", 19.99m, "USD", "completed")),
            At(140, "transaction.updated", Tx("t6", 5m, "USD", "failed")),
            At(150, "transaction.updated", Tx("t7", 7m, "USD", "pending")),
            At(10, "content.viewed", new JsonObject { ["contentId"] = "c1", ["userId"] = "u1" }),
            At(20, "content.viewed", new JsonObject { ["contentId"] = "c1", ["userId"] = "u2" }),
            At(30, "content.viewed", new JsonObject { ["contentId"] = "c2" }),
            At(40, "content.viewed", new JsonObject { ["contentId"] = "c1" }),
            At(50, "content.purchased", new JsonObject { ["contentId"] = "c1", ["amount"] = 10.00m, ["currency"] = "EUR" }),
            At(0, "user.active", new JsonObject { ["userId"] = "u-old" }));
        using (var producer = server.Http(server.Token(tenant, "events:write")))
        {
            await (await producer.PostAsync(batch, Events.Batch)).AssertAcceptedAsync(15, 0);
            // Active now: stamped at the moment they are sent.
            var users = Events.Array(
                [.. new[] { "u1", "u2" }.Select(u =>
                {
                    var e = Events.Event("user.active", new JsonObject { ["userId"] = u }, source: "/shop/test");
                    e["time"] = DateTime.UtcNow.ToString("O");
                    return e;
                })]);
            await (await producer.PostAsync(users, Events.Batch)).AssertAcceptedAsync(2, 0);
        }

        var message = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "commerce_update" && Complete(m.GetProperty("data")), Deadline);
        Assert.Equal("commerce", message.GetProperty("topic").GetString());
        var data = message.GetProperty("data");
        AssertCommerce(data, dayStart, t);

        using var reader = server.Http(server.Token(tenant));
        AssertCommerce(await (await reader.GetAsync("/api/v1/commerce")).JsonAsync(), dayStart, t);

        var revenue = await (await reader.GetAsync("/api/v1/commerce/revenue?days=2")).JsonAsync();
        Assert.Equal(("Asia/Kolkata", 2), (revenue.GetProperty("timeZone").GetString(), revenue.GetProperty("days").GetInt32()));
        var today = Kolkata.LocalDate(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = Kolkata.LocalDate(now).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            [(yesterday, "EUR", 0m, 0L), (yesterday, "USD", 0m, 0L), (today, "EUR", 10.30m, 3L), (today, "USD", 19.99m, 1L)],
            revenue.GetProperty("perDay").EnumerateArray()
                .Select(d => (d.GetProperty("day").GetString(), d.GetProperty("currency").GetString(), d.GetProperty("amount").GetDecimal(), d.GetProperty("transactions").GetInt64()))
                .ToArray());

        var completed = await (await reader.GetAsync("/api/v1/commerce/transactions?status=completed&limit=2")).JsonAsync();
        Assert.Equal(("completed", 4L), (completed.GetProperty("status").GetString(), completed.GetProperty("total").GetInt64()));
        var newest = completed.GetProperty("transactions")[0];
        Assert.Equal(("t5", "completed", 19.99m, "USD"), (newest.GetProperty("transactionId").GetString(), newest.GetProperty("status").GetString(), newest.GetProperty("amount").GetDecimal(), newest.GetProperty("currency").GetString()));
        Assert.Equal(t.AddSeconds(130), newest.GetProperty("statusAt").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(["t5", "t4"], completed.GetProperty("transactions").EnumerateArray().Select(x => x.GetProperty("transactionId").GetString()!).ToArray());
        var t1 = (await (await reader.GetAsync("/api/v1/commerce/transactions?limit=100")).JsonAsync()).GetProperty("transactions").EnumerateArray().Single(x => x.GetProperty("transactionId").GetString() == "t1");
        Assert.Equal(t, t1.GetProperty("firstSeen").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        var content = await (await reader.GetAsync("/api/v1/commerce/content?limit=1")).JsonAsync();
        Assert.Equal(2, content.GetProperty("total").GetInt64());
        var top = Assert.Single(content.GetProperty("content").EnumerateArray());
        Assert.Equal(("c1", 3L, 1L, 1.0 / 3), (top.GetProperty("contentId").GetString(), top.GetProperty("views").GetInt64(), top.GetProperty("purchases").GetInt64(), top.GetProperty("conversionRate").GetDouble()));

        // Another tenant's token sees none of it.
        using var other = server.Http(server.Token(Tenants.New()));
        var empty = await (await other.GetAsync("/api/v1/commerce")).JsonAsync();
        Assert.Equal((0, 0L, "UTC"), (empty.GetProperty("revenue").GetArrayLength(), empty.GetProperty("transactions").GetProperty("total").GetInt64(), empty.GetProperty("timeZone").GetString()));
    }

    private static bool Complete(JsonElement data) =>
        data.GetProperty("transactions").GetProperty("total").GetInt64() == 7
        && data.GetProperty("transactions").GetProperty("refunded").GetInt64() == 1
        && data.GetProperty("activeUsers").GetProperty("today").GetInt64() == 3
        && data.GetProperty("content").GetProperty("totalPurchases").GetInt64() == 1;

    private static void AssertCommerce(JsonElement data, DateTime dayStart, DateTime t)
    {
        Assert.Equal(("Asia/Kolkata", dayStart), (data.GetProperty("timeZone").GetString(), data.GetProperty("windowStart").GetDateTime().ToUniversalTime()));
        var revenue = data.GetProperty("revenue").EnumerateArray().ToDictionary(r => r.GetProperty("currency").GetString()!);
        Assert.Equal(["EUR", "USD"], revenue.Keys.ToArray());
        // 10.00 + 0.10 + 0.20, exactly (t2 was refunded); on the wire as the decimal 10.30.
        foreach (var field in new[] { "total", "today", "thisWeek", "thisMonth" })
        {
            Assert.Equal("10.30", revenue["EUR"].GetProperty(field).GetRawText());
            Assert.Equal(19.99m, revenue["USD"].GetProperty(field).GetDecimal());
        }

        var tx = data.GetProperty("transactions");
        Assert.Equal((7L, 1L, 4L, 1L, 1L), (tx.GetProperty("total").GetInt64(), tx.GetProperty("pending").GetInt64(), tx.GetProperty("completed").GetInt64(), tx.GetProperty("failed").GetInt64(), tx.GetProperty("refunded").GetInt64()));
        Assert.Equal(tx.GetRawText(), data.GetProperty("transactionsToday").GetRawText());
        var users = data.GetProperty("activeUsers");
        Assert.Equal((2L, 3L), (users.GetProperty("current").GetInt64(), users.GetProperty("today").GetInt64()));
        Assert.True(users.GetProperty("peak24h").GetInt64() >= 2);
        var content = data.GetProperty("content");
        Assert.Equal((4L, 1L, 0.25), (content.GetProperty("totalViews").GetInt64(), content.GetProperty("totalPurchases").GetInt64(), content.GetProperty("conversionRate").GetDouble()));
        Assert.Equal((4L, 1L, 0.25), (content.GetProperty("viewsToday").GetInt64(), content.GetProperty("purchasesToday").GetInt64(), content.GetProperty("conversionRateToday").GetDouble()));
        var perMinute = data.GetProperty("revenuePerMinute").EnumerateArray().ToList();
        Assert.Equal(120, perMinute.Count);
        Assert.Equal(10.30m, perMinute.Where(m => m.GetProperty("currency").GetString() == "EUR").Sum(m => m.GetProperty("amount").GetDecimal()));
        var minuteOfT1 = new DateTime(t.AddSeconds(60).Ticks - t.AddSeconds(60).Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        Assert.Contains(perMinute, m => m.GetProperty("currency").GetString() == "EUR" && m.GetProperty("minute").GetDateTime().ToUniversalTime() == minuteOfT1 && m.GetProperty("amount").GetDecimal() >= 10.00m);
        Assert.Equal(60, data.GetProperty("activeUsersPerMinute").GetArrayLength());
    }
}

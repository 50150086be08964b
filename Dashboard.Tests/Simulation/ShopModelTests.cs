using Dashboard.Simulation;

namespace Dashboard.Tests.Simulation;

/// <summary>The shop model's event stream: transaction life cycles, late webhooks, sessions and views, determinism.</summary>
public sealed class ShopModelTests
{
    internal static readonly DateTimeOffset Start = new(2026, 3, 6, 18, 0, 0, TimeSpan.Zero);

    internal static readonly ShopProfile Busy = new()
    {
        Currencies = [new("EUR", 0.6, 2), new("USD", 0.4, 2)],
        SessionsPerMinuteAtPeak = 30,
        PurchaseShare = 0.3,
        RefundShare = 0.15,
        LateShare = 0.2,
        MeanRefundSeconds = 600,
        Users = 2000,
        ContentItems = 100,
    };

    private static readonly string[] Stages = ["pending", "failed", "completed", "refunded"];

    internal static List<SimulatedEvent> Run(ShopModel model, TimeSpan length, TimeSpan step, DateTimeOffset? from = null)
    {
        var events = new List<SimulatedEvent>();
        var start = from ?? Start;
        for (var t = start; t <= start + length; t += step)
        {
            var batch = model.Advance(t);
            Assert.All(batch, e => Assert.True(e.Time <= t, "an event from the future"));
            events.AddRange(batch);
        }

        return events;
    }

    [Fact]
    public void Every_transaction_goes_pending_then_completed_or_failed_and_only_a_completed_one_is_refunded_later()
    {
        var events = Run(new ShopModel(Busy, 1, new Random(7), "r", Start), TimeSpan.FromHours(4), TimeSpan.FromSeconds(5));
        var transactions = events.Where(e => e.Data is TransactionUpdatedData).GroupBy(e => ((TransactionUpdatedData)e.Data).TransactionId).ToList();
        var paths = new Dictionary<string, int>();
        foreach (var transaction in transactions)
        {
            // By event time, the order the server's merge goes by; each status strictly newer than the one before.
            var list = transaction.OrderBy(e => e.Time).ToList();
            Assert.All(list.Zip(list.Skip(1)), p => Assert.True(p.Second.Time > p.First.Time, $"{transaction.Key}: two statuses at {p.First.Time:O}"));
            var updates = list.Select(e => (TransactionUpdatedData)e.Data).ToList();
            var path = string.Join('>', updates.Select(u => u.Status));
            Assert.Contains(path, new[] { "pending", "pending>completed", "pending>failed", "pending>completed>refunded" });
            paths[path] = paths.GetValueOrDefault(path) + 1;
            Assert.Single(updates.Select(u => (u.Amount, u.Currency)).Distinct());
            Assert.Contains(updates[0].Currency, new[] { "EUR", "USD" });
            Assert.True(updates[0].Amount > 0 && decimal.Round(updates[0].Amount, 2) == updates[0].Amount, $"{updates[0].Amount}");
            if (path.EndsWith("refunded", StringComparison.Ordinal))
            {
                Assert.True(list[2].Time - list[1].Time >= TimeSpan.FromMinutes(2), "a refund within two minutes of the payment");
            }
        }

        // Only the last few minutes' payments may still be pending.
        Assert.True(paths.GetValueOrDefault("pending") < 10, $"{paths.GetValueOrDefault("pending")} still pending");
        var completed = paths.GetValueOrDefault("pending>completed") + paths.GetValueOrDefault("pending>completed>refunded");
        var failed = paths.GetValueOrDefault("pending>failed");
        Assert.True(transactions.Count > 800, $"{transactions.Count} transactions");
        Assert.InRange(failed / (double)(completed + failed), Busy.FailedShare - 0.04, Busy.FailedShare + 0.04);
        Assert.InRange(paths.GetValueOrDefault("pending>completed>refunded") / (double)completed, 0.06, 0.16);
        Assert.Equal(["EUR", "USD"], transactions.Select(t => ((TransactionUpdatedData)t.First().Data).Currency).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_share_of_webhooks_arrive_late_after_a_newer_status_carrying_the_time_they_happened()
    {
        var events = Run(new ShopModel(Busy, 1, new Random(8), "r", Start), TimeSpan.FromHours(3), TimeSpan.FromSeconds(1));
        var updates = events.Where(e => e.Data is TransactionUpdatedData).ToList();
        var newest = new Dictionary<string, (DateTimeOffset Time, string Status)>();
        int outOfOrder = 0, pendingAfterOutcome = 0, behindTheStream = 0;
        var latestDelivered = Start;
        foreach (var e in updates)
        {
            var u = (TransactionUpdatedData)e.Data;
            if (newest.TryGetValue(u.TransactionId, out var seen) && seen.Time > e.Time)
            {
                outOfOrder++;
                pendingAfterOutcome += u.Status == "pending" ? 1 : 0;
            }
            else
            {
                newest[u.TransactionId] = (e.Time, u.Status);
            }

            behindTheStream += e.Time < latestDelivered - TimeSpan.FromSeconds(4) ? 1 : 0;
            latestDelivered = e.Time > latestDelivered ? e.Time : latestDelivered;
        }

        // 20 % are late by 5–45 s; the payment takes 8 s on average, so many late pendings come after their outcome.
        Assert.InRange(behindTheStream / (double)updates.Count, 0.12, 0.22);
        Assert.True(outOfOrder > 50 && pendingAfterOutcome > 30, $"{outOfOrder} out of order, {pendingAfterOutcome} pending after the outcome");
        Assert.True(outOfOrder < updates.Count / 5, $"{outOfOrder} of {updates.Count}");
        // Delivered in time order otherwise: the model returns what it delivered, late ones when they are delivered.
        var onTime = events.Where(e => e.Data is not TransactionUpdatedData).ToList();
        Assert.Equal(onTime.OrderBy(e => e.Time).Select(e => e.Id), onTime.Select(e => e.Id));
    }

    [Fact]
    public void A_completed_payment_comes_with_its_content_purchase_and_every_purchase_has_one()
    {
        var events = Run(new ShopModel(Busy, 2, new Random(9), "r", Start), TimeSpan.FromHours(2), TimeSpan.FromSeconds(3));
        // A late "completed" of the last seconds may not be delivered yet.
        events = [.. events.Where(e => e.Time < Start.AddHours(2).AddMinutes(-1))];
        var completed = events.Where(e => e.Data is TransactionUpdatedData { Status: "completed" }).Select(e => (e.Time, Data: (TransactionUpdatedData)e.Data)).ToList();
        var purchases = events.Where(e => e.Data is ContentPurchasedData).Select(e => (e.Time, Data: (ContentPurchasedData)e.Data)).ToList();

        Assert.Equal(completed.Count, purchases.Count);
        Assert.Equal(
            completed.Select(c => (c.Time, c.Data.Amount, c.Data.Currency)).Order(),
            purchases.Select(p => (p.Time, p.Data.Amount, p.Data.Currency)).Order());
        Assert.All(purchases, p => Assert.Matches("^content-[0-9]{4}$", p.Data.ContentId));
    }

    [Fact]
    public void Users_report_activity_every_30_to_60_seconds_while_they_browse_and_view_content_while_active()
    {
        // Users enough that one user's sessions seldom overlap, so each user's heartbeats show one session's spacing.
        var model = new ShopModel(Busy with { Users = 1_000_000 }, 1, new Random(10), "r", Start);
        var events = Run(model, TimeSpan.FromHours(2), TimeSpan.FromSeconds(2));
        var lastActive = new Dictionary<string, DateTimeOffset>();
        var gaps = new List<double>();
        var views = new Dictionary<string, int>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case UserActiveData a:
                    Assert.Equal(a.UserId, e.Subject);
                    Assert.Matches("^user-[0-9]{6}$", a.UserId);
                    if (lastActive.TryGetValue(a.UserId, out var before))
                    {
                        gaps.Add((e.Time - before).TotalSeconds);
                    }

                    lastActive[a.UserId] = e.Time;
                    break;
                case ContentViewedData v:
                    Assert.Equal(v.ContentId, e.Subject);
                    Assert.True(lastActive.TryGetValue(v.UserId, out var active) && e.Time - active <= TimeSpan.FromSeconds(60), $"{v.UserId} viewed while not active");
                    views[v.ContentId] = views.GetValueOrDefault(v.ContentId) + 1;
                    break;
            }
        }

        // Within a session the heartbeats are 30–60 s apart; a longer gap is a user's next session.
        var inSession = gaps.Where(g => g <= 60).ToList();
        Assert.True(inSession.Count > 5000, $"{inSession.Count} heartbeats");
        Assert.True(inSession.Count(g => g < 30) < inSession.Count / 100, "heartbeats closer than 30 s are only two sessions of one user overlapping");
        Assert.InRange(inSession.Where(g => g >= 30).Average(), 43, 47);
        // Zipf-like popularity: the head of the catalogue is viewed far more often than its tail.
        Assert.True(views.GetValueOrDefault("content-0001") > 5 * views.GetValueOrDefault("content-0100"), $"{views.GetValueOrDefault("content-0001")} vs {views.GetValueOrDefault("content-0100")}");
        // Each session starts with a heartbeat and a view at the same instant.
        Assert.True(model.SessionsStarted > 1000, $"{model.SessionsStarted} sessions");
        Assert.True(model.ActiveSessions is > 50 and < 400, $"{model.ActiveSessions} browsing now");
    }

    [Fact]
    public void The_same_seed_gives_the_same_events_however_finely_a_manual_clock_advances()
    {
        static string Run(int seed, TimeSpan step) => ModelTrace.Of(Start, step, now => new ShopModel(Busy, 2, new Random(seed), "r", now));

        var fine = Run(11, TimeSpan.FromMilliseconds(250));
        Assert.Contains("transaction.updated", fine, StringComparison.Ordinal);
        Assert.Equal(fine, Run(11, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(fine, Run(12, TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void Out_of_range_profiles_are_rejected()
    {
        ShopProfile[] bad =
        [
            Busy with { Currencies = [] },
            Busy with { Currencies = [new("EUR", 1, 2), new("EUR", 1, 2)] },
            Busy with { Currencies = [new("eur", 1, 2)] },
            Busy with { Currencies = [new("EUR", 0, 2)] },
            Busy with { HourlyShape = [1, 1] },
            Busy with { HourlyShape = [.. Enumerable.Repeat(0.0, 24)] },
            Busy with { SessionsPerMinuteAtPeak = 0 },
            Busy with { Users = 0 },
            Busy with { MeanViewSeconds = double.NaN },
            Busy with { RefundShare = 1.5 },
        ];

        _ = new ShopModel(Busy, 1, new Random(1), "t", Start);
        Assert.All(bad, profile => Assert.Throws<ArgumentException>(() => new ShopModel(profile, 1, new Random(1), "t", Start)));
        Assert.Throws<ArgumentException>(() => new ShopModel(Busy, 0, new Random(1), "t", Start));
    }
}

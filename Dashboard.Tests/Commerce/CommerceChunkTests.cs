using Dashboard.Calendar;
using Dashboard.Commerce;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// The pure commerce fold (<see cref="CommerceChunk"/>): a transaction's life folded in every order and every chunking
/// gives the same row, and its bucket and total deltas always sum to exactly one transaction where the row counts
/// (docs/events.md §4).
/// </summary>
public sealed class CommerceChunkTests
{
    private static readonly DateTime T0 = new(2026, 3, 8, 6, 59, 0, DateTimeKind.Utc);

    // pending → completed → refunded, with ties: failed and completed at the same instant (completed is the later stage),
    // two completed at the same instant (the greater event id wins), two refunds at the same instant (likewise).
    private static readonly CommerceEvent[] Life =
    [
        Tx("e-1", 0, "pending", 10.00m),
        Tx("e-2", 60, "failed", 10.00m),
        Tx("e-3", 60, "completed", 10.00m),
        Tx("e-9", 60, "completed", 11.00m),
        Tx("e-4", 3600, "refunded", 10.00m),
        Tx("e-5", 3600, "refunded", 10.50m),
    ];

    [Fact]
    public void Every_order_and_chunking_of_a_transactions_life_gives_the_same_row_and_counters()
    {
        var expected = new CommerceTransactionRow("t", "tx", "refunded", T0.AddSeconds(3600), 10.50m, "EUR", "e-5", T0);
        var orders = 0;
        foreach (var order in Permutations(Life))
        {
            foreach (var size in new[] { 1, 2, 4, Life.Length })
            {
                var (row, buckets, totals) = Fold(order.Chunk(size));
                Assert.Equal(expected, row);
                Assert.Equal([((QuarterHours.Of(T0.AddSeconds(3600)), "refunded", "EUR"), (1L, 10.50m))], buckets.Where(kv => kv.Value != default).Select(kv => (kv.Key, kv.Value)));
                Assert.Equal([(("refunded", "EUR"), (1L, 10.50m))], totals.Where(kv => kv.Value != default).Select(kv => (kv.Key, kv.Value)));
            }

            orders++;
        }

        Assert.Equal(720, orders);
    }

    [Fact]
    public void Each_stage_of_the_life_counts_where_its_newest_status_was_reached()
    {
        // Folded up to each point in time, in reverse order: the state is always that of the newest event so far.
        var (pending, _, _) = Fold([[Life[0]]]);
        var (completed, buckets, totals) = Fold([[Life[3], Life[2], Life[1]], [Life[0]]]);

        Assert.Equal(("pending", 10.00m), (pending.Status, pending.Amount));
        Assert.Equal(("completed", 11.00m, "e-9", T0), (completed.Status, completed.Amount, completed.EventId, completed.FirstSeen));
        // 06:59 is the 06:45 bucket; completed at 07:00 counts in the 07:00 one.
        Assert.Equal((1L, 11.00m), buckets[(new DateTime(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc), "completed", "EUR")]);
        Assert.Equal(default, buckets.GetValueOrDefault((new DateTime(2026, 3, 8, 6, 45, 0, DateTimeKind.Utc), "pending", "EUR")));
        Assert.Equal((1L, 11.00m), totals[("completed", "EUR")]);
    }

    [Fact]
    public void A_users_last_activity_is_the_newest_and_content_counts_add_up()
    {
        var events = new[]
        {
            new CommerceEvent("t", "user.active", T0.AddMinutes(5), "u1", UserId: "u"),
            new CommerceEvent("t", "user.active", T0, "u2", UserId: "u"),
            new CommerceEvent("t", "content.viewed", T0, "v1", ContentId: "c"),
            new CommerceEvent("t", "content.viewed", T0.AddMinutes(20), "v2", ContentId: "c"),
            new CommerceEvent("t", "content.purchased", T0.AddMinutes(20), "p1", ContentId: "c"),
        };
        var chunk = new CommerceChunk([], [new CommerceUserRow("t", "u", T0.AddMinutes(1))]);
        foreach (var e in events)
        {
            chunk.Apply(e);
        }

        var changes = chunk.Complete();

        var user = Assert.Single(changes.Users);
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(5)), (user.Before, user.LastActive));
        Assert.Equal(0, changes.UsersEnteringDay("t", T0));
        Assert.Equal(1, changes.UsersEnteringDay("t", T0.AddMinutes(3)));
        Assert.Equal(new ContentDelta("t", "c", 2, 1), Assert.Single(changes.Content));
        Assert.Equal(
            [new ContentBucketDelta("t", QuarterHours.Of(T0), 1, 0), new ContentBucketDelta("t", QuarterHours.Of(T0.AddMinutes(20)), 1, 1)],
            changes.ContentBuckets.OrderBy(b => b.Bucket));
    }

    private static CommerceEvent Tx(string id, double seconds, string status, decimal amount) =>
        new("t", "transaction.updated", T0.AddSeconds(seconds), id, "tx", amount, "EUR", status);

    // Folds each chunk with the row the previous ones left, as the store would load it, and sums every delta.
    private static (CommerceTransactionRow Row, Dictionary<(DateTime, string, string), (long, decimal)> Buckets, Dictionary<(string, string), (long, decimal)> Totals) Fold(
        IEnumerable<IEnumerable<CommerceEvent>> chunks)
    {
        CommerceTransactionRow? row = null;
        var buckets = new Dictionary<(DateTime, string, string), (long, decimal)>();
        var totals = new Dictionary<(string, string), (long, decimal)>();
        foreach (var events in chunks)
        {
            var chunk = new CommerceChunk(row is null ? [] : [row], []);
            foreach (var e in events)
            {
                chunk.Apply(e);
            }

            var changes = chunk.Complete();
            row = changes.Transactions.SingleOrDefault() ?? row;
            foreach (var d in changes.TransactionBuckets)
            {
                var (n, a) = buckets.GetValueOrDefault((d.Bucket, d.Status, d.Currency));
                buckets[(d.Bucket, d.Status, d.Currency)] = (n + d.Transactions, a + d.Amount);
            }

            foreach (var d in changes.TransactionTotals)
            {
                var (n, a) = totals.GetValueOrDefault((d.Status, d.Currency));
                totals[(d.Status, d.Currency)] = (n + d.Transactions, a + d.Amount);
            }
        }

        return (row!, buckets, totals);
    }

    private static IEnumerable<CommerceEvent[]> Permutations(CommerceEvent[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
            {
                yield return [items[i], .. rest];
            }
        }
    }
}

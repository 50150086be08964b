using Dashboard.Calendar;
using Dashboard.Catalogue;

namespace Dashboard.Commerce;

/// <summary>
/// Applies one fold chunk's commerce events to the transactions, users and content items they mention. Pure: the caller
/// loads the stored rows first (<see cref="CommerceStore"/>) and writes <see cref="Complete"/>'s result back in the
/// transaction that moves the fold's watermark, so each event is applied exactly once (the content counts add up, so
/// they rely on that).
/// </summary>
internal sealed class CommerceChunk
{
    private readonly Dictionary<(string Tenant, string TransactionId), CommerceTransactionRow> _transactionsBefore;
    private readonly Dictionary<(string Tenant, string UserId), DateTime> _usersBefore;
    private readonly Dictionary<(string Tenant, string TransactionId), CommerceTransactionRow> _transactions = [];
    private readonly Dictionary<(string Tenant, string UserId), DateTime> _users = [];
    private readonly Dictionary<(string Tenant, string ContentId), (long Views, long Purchases)> _content = [];
    private readonly Dictionary<(string Tenant, DateTime Bucket), (long Views, long Purchases)> _contentBuckets = [];
    private readonly HashSet<string> _tenants = new(StringComparer.Ordinal);

    /// <param name="transactions">The stored rows of (at least) every transaction the chunk mentions.</param>
    /// <param name="users">The stored <c>last_active</c> of (at least) every user the chunk mentions.</param>
    public CommerceChunk(IEnumerable<CommerceTransactionRow> transactions, IEnumerable<CommerceUserRow> users)
    {
        _transactionsBefore = transactions.ToDictionary(t => (t.Tenant, t.TransactionId));
        _usersBefore = users.ToDictionary(u => (u.Tenant, u.UserId), u => u.LastActive);
    }

    /// <summary>Tenants whose commerce state this chunk touched.</summary>
    public IReadOnlyCollection<string> Tenants => _tenants;

    /// <summary>The transactions a chunk of these events needs loaded.</summary>
    public static IReadOnlyCollection<(string Tenant, string TransactionId)> TransactionKeys(IEnumerable<CommerceEvent> events) =>
        events.Where(e => e.TransactionId is not null).Select(e => (e.Tenant, e.TransactionId!)).ToHashSet();

    /// <summary>The users a chunk of these events needs loaded.</summary>
    public static IReadOnlyCollection<(string Tenant, string UserId)> UserKeys(IEnumerable<CommerceEvent> events) =>
        events.Where(e => e.Type == EventTypes.UserActive && e.UserId is not null).Select(e => (e.Tenant, e.UserId!)).ToHashSet();

    /// <summary>Applies one event.</summary>
    public void Apply(CommerceEvent e)
    {
        _tenants.Add(e.Tenant);
        switch (e.Type)
        {
            case EventTypes.TransactionUpdated when e.TransactionId is { } id:
                var key = (e.Tenant, id);
                _transactions[key] = _transactions.GetValueOrDefault(key) is { } current ? current.Apply(e)
                    : _transactionsBefore.GetValueOrDefault(key) is { } stored ? stored.Apply(e)
                    : CommerceTransactionRow.From(e);
                break;
            case EventTypes.UserActive when e.UserId is { } user:
                var userKey = (e.Tenant, user);
                var last = _users.TryGetValue(userKey, out var seen) ? seen : _usersBefore.TryGetValue(userKey, out var storedLast) ? storedLast : (DateTime?)null;
                _users[userKey] = last is { } l && l >= e.Time ? l : e.Time;
                break;
            case EventTypes.ContentViewed when e.ContentId is { } viewed:
                Count(e.Tenant, viewed, e.Time, views: 1, purchases: 0);
                break;
            case EventTypes.ContentPurchased when e.ContentId is { } bought:
                Count(e.Tenant, bought, e.Time, views: 0, purchases: 1);
                break;
        }
    }

    /// <summary>
    /// The rows that changed and the counter deltas: a transaction whose status, bucket, amount or currency changed counts
    /// −1 (and −amount) where it counted before and +1 (+amount) where it counts now, in its quarter-hour bucket and in
    /// the all-time totals alike.
    /// </summary>
    public CommerceChanges Complete()
    {
        var transactions = new List<CommerceTransactionRow>();
        var buckets = new Dictionary<(string Tenant, DateTime Bucket, string Status, string Currency), (long Count, decimal Amount)>();
        var totals = new Dictionary<(string Tenant, string Status, string Currency), (long Count, decimal Amount)>();
        foreach (var (key, after) in _transactions)
        {
            var before = _transactionsBefore.GetValueOrDefault(key);
            if (after == before)
            {
                continue;
            }

            transactions.Add(after);
            if (before is not null && before.BucketKey == after.BucketKey && before.Amount == after.Amount)
            {
                continue;
            }

            if (before is not null)
            {
                Add(buckets, (before.Tenant, before.BucketKey.Bucket, before.Status, before.Currency), -1, -before.Amount);
                Add(totals, (before.Tenant, before.Status, before.Currency), -1, -before.Amount);
            }

            Add(buckets, (after.Tenant, after.BucketKey.Bucket, after.Status, after.Currency), +1, after.Amount);
            Add(totals, (after.Tenant, after.Status, after.Currency), +1, after.Amount);
        }

        var users = _users
            .Where(kv => !_usersBefore.TryGetValue(kv.Key, out var before) || before != kv.Value)
            .Select(kv => new CommerceUserChange(kv.Key.Tenant, kv.Key.UserId, _usersBefore.TryGetValue(kv.Key, out var b) ? b : null, kv.Value))
            .ToList();
        return new CommerceChanges(
            transactions,
            [.. buckets.Where(kv => kv.Value != default).Select(kv => new TransactionBucketDelta(kv.Key.Tenant, kv.Key.Bucket, kv.Key.Status, kv.Key.Currency, kv.Value.Count, kv.Value.Amount))],
            [.. totals.Where(kv => kv.Value != default).Select(kv => new TransactionTotalDelta(kv.Key.Tenant, kv.Key.Status, kv.Key.Currency, kv.Value.Count, kv.Value.Amount))],
            users,
            [.. _content.Select(kv => new ContentDelta(kv.Key.Tenant, kv.Key.ContentId, kv.Value.Views, kv.Value.Purchases))],
            [.. _contentBuckets.Select(kv => new ContentBucketDelta(kv.Key.Tenant, kv.Key.Bucket, kv.Value.Views, kv.Value.Purchases))]);
    }

    private void Count(string tenant, string contentId, DateTime time, long views, long purchases)
    {
        var item = _content.GetValueOrDefault((tenant, contentId));
        _content[(tenant, contentId)] = (item.Views + views, item.Purchases + purchases);
        var bucket = _contentBuckets.GetValueOrDefault((tenant, QuarterHours.Of(time)));
        _contentBuckets[(tenant, QuarterHours.Of(time))] = (bucket.Views + views, bucket.Purchases + purchases);
    }

    private static void Add<TKey>(Dictionary<TKey, (long Count, decimal Amount)> tallies, TKey key, long count, decimal amount) where TKey : notnull
    {
        var tally = tallies.GetValueOrDefault(key);
        tallies[key] = (tally.Count + count, tally.Amount + amount);
    }
}

using Dashboard.Notifications;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// The notifications snapshot (docs/notifications.md, "Snapshot") includes a rule notification whose transaction commits
/// after a producer notification with a higher id was published, though nothing newer follows it.
/// </summary>
public sealed class NotificationSnapshotLateCommitTests : FreshDatabaseTests
{
    [Fact]
    public async Task A_lower_id_committed_after_a_higher_one_was_published_is_in_the_next_snapshot()
    {
        const string Tenant = "late";
        var publisher = new NotificationSnapshotPublisher(
            Db.DataSource, new NotificationReader(Db.DataSource), Db.Publisher, Db.Hub, Db.Isolation, Microsoft.Extensions.Options.Options.Create(new RealtimeOptions()), Db.Clock);
        var subscriber = new RecordingSubscriber().Subscribe(Db.Hub, Tenant, NotificationTopic.Name);

        // The evaluator's transaction takes the lower id and has not committed yet.
        await using var evaluator = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await evaluator.BeginTransactionAsync();
        var rule = await RuleNotificationRows.InsertAsync(evaluator, Tenant, "wait", 1, "firing", "Longest wait", "firing", "warning", null, Db.Clock.GetUtcNow(), CancellationToken.None);

        // A producer notification takes a higher id, commits and is published.
        await using (var insert = Db.DataSource.CreateCommand(
            "INSERT INTO notifications (tenant, source, title, message, severity, category, created_at) VALUES ($1, 'producer', 'p', '', 'info', 'ops', $2) RETURNING id"))
        {
            insert.Parameters.AddWithValue(Tenant);
            insert.Parameters.AddWithValue(Db.Now);
            var producer = (long)(await insert.ExecuteScalarAsync())!;
            Assert.True(producer > rule.Id);
        }

        Assert.Equal(1, await publisher.PublishAsync(CancellationToken.None));
        Assert.Equal([1], Ids(subscriber).Select(ids => ids.Length));

        // Nothing committed since: nothing published.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await publisher.PublishAsync(CancellationToken.None));

        // The lower id commits; nothing newer follows it, yet the next tick publishes a snapshot with it.
        await tx.CommitAsync();
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await publisher.PublishAsync(CancellationToken.None));
        var last = Ids(subscriber)[^1];
        Assert.Equal(2, last.Length);
        Assert.Equal(rule.Id, last[1]);

        // And then nothing again.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await publisher.PublishAsync(CancellationToken.None));
        Assert.Equal(2, Ids(subscriber).Count);
    }

    private static List<long[]> Ids(RecordingSubscriber subscriber) =>
        [.. subscriber.Messages.Where(m => m.IsSnapshot).Select(m => RecordingSubscriber.Data(m).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray())];
}

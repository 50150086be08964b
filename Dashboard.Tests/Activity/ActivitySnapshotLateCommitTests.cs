using Dashboard.Activity;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Activity;

/// <summary>
/// The activity snapshot (docs/activity.md, "Snapshot") includes a line whose statement commits after a line with a
/// higher id was published, though nothing newer follows it (the same rule as the notifications feed's).
/// </summary>
public sealed class ActivitySnapshotLateCommitTests : FreshDatabaseTests
{
    [Fact]
    public async Task A_lower_id_committed_after_a_higher_one_was_published_is_in_the_next_snapshot()
    {
        const string Tenant = "late";
        var publisher = new ActivitySnapshotPublisher(Db.DataSource, new ActivityReader(Db.DataSource), Db.Publisher, Db.Hub, Db.Isolation, Db.Clock);
        var subscriber = new RecordingSubscriber().Subscribe(Db.Hub, Tenant, Topics.Activity);

        // One statement takes the lower id and has not committed yet.
        await using var slow = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await slow.BeginTransactionAsync();
        await InsertLineAsync("slow", slow);

        // Another takes a higher id, commits and is published.
        await InsertLineAsync("fast", null);
        Assert.Equal(1, await publisher.PublishAsync(CancellationToken.None));
        Assert.Equal([new[] { "fast" }], EventIds(subscriber));

        // Nothing committed since: nothing published.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await publisher.PublishAsync(CancellationToken.None));

        // The lower id commits; nothing newer follows it, yet the next tick publishes a snapshot with it.
        await tx.CommitAsync();
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await publisher.PublishAsync(CancellationToken.None));
        Assert.Equal(["fast", "slow"], EventIds(subscriber)[^1]);

        // And then nothing again.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await publisher.PublishAsync(CancellationToken.None));
        Assert.Equal(2, EventIds(subscriber).Count);

        async Task InsertLineAsync(string eventId, Npgsql.NpgsqlConnection? connection)
        {
            const string Sql = """
                INSERT INTO activity (tenant, source, event_id, type, domain, summary, severity, time, received_at)
                VALUES ($1, 'test', $2, 'call.started', 'voice', 'A call', 'info', $3, $3)
                """;
            await using var insert = connection is null ? Db.DataSource.CreateCommand(Sql) : new Npgsql.NpgsqlCommand(Sql, connection);
            insert.Parameters.AddWithValue(Tenant);
            insert.Parameters.AddWithValue(eventId);
            insert.Parameters.AddWithValue(Db.Now);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static List<string[]> EventIds(RecordingSubscriber subscriber) =>
        [.. subscriber.Messages.Where(m => m.IsSnapshot).Select(m => RecordingSubscriber.Data(m).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()!).ToArray())];
}

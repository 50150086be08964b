using Dashboard.Retention;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// Retention of the notification tables (docs/notifications.md, "Retention"): with the manual clock and Days = 30,
/// notifications created and read marks set more than 30 days ago go, in batches of 3; newer ones stay.
/// </summary>
public sealed class NotificationRetentionTests : FreshDatabaseTests
{
    private RetentionSweeper Sweeper() =>
        new(Db.DataSource, Microsoft.Extensions.Options.Options.Create(new RetentionOptions { Days = 30, RollupDays = 400 }), Db.Clock) { BatchRows = 3 };

    [Fact]
    public async Task Notifications_and_read_marks_older_than_retention_days_go_and_newer_ones_stay()
    {
        var t = Tenants.New();
        var old = Db.Now.AddDays(-31);
        var recent = Db.Now.AddDays(-29);
        var oldIds = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            oldIds.Add(await InsertAsync(t, $"old-{i}", old));
            await MarkAsync(t, "alice", oldIds[^1], old.AddMinutes(1));
        }

        var kept = await InsertAsync(t, "recent", recent);
        await MarkAsync(t, "alice", kept, recent);
        // Created long ago, read yesterday: the notification goes, its mark goes when it reaches the cutoff itself.
        await MarkAsync(t, "bob", oldIds[0], Db.Now.AddDays(-1));

        var result = await Sweeper().RunAsync(CancellationToken.None);

        Assert.Equal((5L, 5L), (result["notifications"], result["notification_reads"]));
        Assert.Equal(["recent"], await Db.StringsAsync("SELECT title FROM notifications WHERE tenant = $1", t));
        Assert.Equal(["alice", "bob"], await Db.StringsAsync("SELECT subject FROM notification_reads WHERE tenant = $1 ORDER BY subject", t));
        var again = await Sweeper().RunAsync(CancellationToken.None);
        Assert.Equal((0L, 0L), (again["notifications"], again["notification_reads"]));
    }

    private async Task<long> InsertAsync(string tenant, string title, DateTime createdAt)
    {
        await using var command = Db.DataSource.CreateCommand(
            "INSERT INTO notifications (tenant, source, title, message, severity, created_at) VALUES ($1, 'producer', $2, '', 'info', $3) RETURNING id");
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(title);
        command.Parameters.AddWithValue(createdAt);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task MarkAsync(string tenant, string subject, long id, DateTime at)
    {
        await using var command = Db.DataSource.CreateCommand(
            "INSERT INTO notification_reads (tenant, subject, notification_id, read_at) VALUES ($1, $2, $3, $4)");
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(subject);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(at);
        await command.ExecuteNonQueryAsync();
    }
}

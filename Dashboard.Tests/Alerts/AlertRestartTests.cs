using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// A server restarted while an alert fires (docs/alert-states.md, "Exactly once"): the new process reads the state back
/// from PostgreSQL, its passes on the same snapshot send nothing new, and the resolve is sent once.
/// </summary>
public sealed class AlertRestartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_restart_mid_firing_sends_nothing_new_and_the_resolve_once()
    {
        var tenant = "alerts-r-" + Guid.NewGuid().ToString("N")[..8];
        var first = new DashboardServer();
        await first.InitializeAsync();
        DashboardServer? restarted = null;
        try
        {
            await using var db = NpgsqlDataSource.Create(first.ConnectionString);
            await AlertApiTests.CreateRuleAsync(first, tenant, new { id = "wait", name = "Longest wait", metric = "queue.longestWaitSeconds", warning = 300 });
            await first.PublishAsync(tenant, Topics.Queue, "queue_updated", AlertApiTests.Queue(400, 2), isSnapshot: true);
            await Poll.UntilAsync(async () => (await AlertTestRows.NotificationsAsync(db, tenant)).Count == 1, Wait, "the firing notification");
            await first.DisposeAsync();

            restarted = DashboardServer.RestartOf(first);
            await restarted.InitializeAsync();
            // A pass of the new process with data: a still breaching value, stored without any notification.
            await restarted.PublishAsync(tenant, Topics.Queue, "queue_updated", AlertApiTests.Queue(410, 2), isSnapshot: true);
            await Poll.UntilAsync(async () => (await AlertTestRows.InstancesAsync(db, tenant, "value")).Single() == "410", Wait, "a pass of the restarted server");
            Assert.Equal(["firing/normal/warning"], await AlertTestRows.InstancesAsync(db, tenant));
            Assert.Single(await AlertTestRows.NotificationsAsync(db, tenant));

            await restarted.PublishAsync(tenant, Topics.Queue, "queue_updated", AlertApiTests.Queue(100, 1), isSnapshot: true);
            await Poll.UntilAsync(async () => (await AlertTestRows.NotificationsAsync(db, tenant)).Count == 2, Wait, "the resolve");
            Assert.Equal(["firing", "resolved"], (await AlertTestRows.NotificationsAsync(db, tenant)).Select(s => s.Split(':')[0]));
        }
        finally
        {
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
            else
            {
                await first.DisposeAsync();
            }
        }
    }
}

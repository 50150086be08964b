using Dashboard.Alerts;
using Dashboard.Alerts.Evaluation;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// Evaluation passes on a real database and backplane (docs/alert-states.md, "Exactly once"): notifications stored with
/// the state change they announce and published after it, nothing re-sent by a new evaluator (a restart, a failover),
/// never two notifications from concurrent passes, a held pass lock skips, a bad rule does not stop the others.
/// </summary>
public sealed class AlertEvaluatorTests : FreshDatabaseTests
{
    private const string Metric = "queue.longestWaitSeconds";
    private readonly SettableMetricSource _source = new();

    internal AlertsOptions Options { get; } = new();

    internal AlertEvaluator NewEvaluator()
    {
        var monitor = new FixedOptionsMonitor<AlertsOptions>(Options);
        // This hub gets no tick snapshots: the node is ready once it has listened for Alerts:MaxSnapshotAgeSeconds.
        var readiness = new AlertReadiness(() => true, Db.Hub, monitor);
        Assert.False(readiness.IsReady(Db.Clock.GetUtcNow()));
        Db.Clock.Advance(TimeSpan.FromSeconds(Options.MaxSnapshotAgeSeconds));
        return new AlertEvaluator(Db.DataSource, _source, Db.Publisher, readiness, monitor, Db.Clock, NullLogger<AlertEvaluator>.Instance);
    }

    private async Task<AlertPassResult> PassAsync(AlertEvaluator evaluator, double? value, string tenant = "t1", params (string, string)[] labels)
    {
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        _source.Set(tenant, Metric, value, labels);
        return await evaluator.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_oscillating_value_stores_and_publishes_exactly_one_firing_and_one_resolve()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait", warning: 300, warningRecovery: 240);
        var live = new RecordingSubscriber().Subscribe(Db.Hub, "t1", AlertEvaluator.Topic);
        var evaluator = NewEvaluator();
        foreach (var value in new double[] { 250, 310, 290, 301, 260, 310, 241, 300, 239, 250, 290 })
        {
            await PassAsync(evaluator, value);
        }

        var id = (await AlertTestRows.InstancesAsync(Db.DataSource, "t1", "id")).Single();
        Assert.Equal([$"firing:warning:{id}", $"resolved:success:{id}"], await AlertTestRows.NotificationsAsync(Db.DataSource, "t1"));
        Assert.Equal(2, await AlertTestRows.CountAsync(Db.DataSource, "SELECT count(*) FROM alert_transitions"));

        // Live: an alert_state per state change, a notification per stored notification, in that order.
        await Poll.UntilAsync(() => live.Messages.Count(m => m.Type == "notification") == 2, TimeSpan.FromSeconds(10), "two live notifications");
        var types = live.Messages.Select(m => m.Type).ToList();
        Assert.Equal(["alert_state", "notification", "alert_state", "notification"], types);
        Assert.All(live.Messages, m => Assert.False(m.IsSnapshot));
        var firing = RecordingSubscriber.Data(live.Messages[0]);
        Assert.Equal(("firing", "warning", "warning"), (firing.GetProperty("state").GetString(), firing.GetProperty("severity").GetString(), firing.GetProperty("level").GetString()));
        Assert.Equal("normal", firing.GetProperty("transition").GetProperty("from").GetString());
        var notification = RecordingSubscriber.Data(live.Messages[1]);
        Assert.Equal(("rule", "wait", "firing", "Warning: Rule wait"), (notification.GetProperty("source").GetString(),
            notification.GetProperty("ruleId").GetString(), notification.GetProperty("state").GetString(), notification.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_new_evaluator_on_the_same_database_mid_firing_sends_nothing_new_and_resolves_once()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait", warning: 300, critical: 600);
        await PassAsync(NewEvaluator(), 700);
        Assert.Single(await AlertTestRows.NotificationsAsync(Db.DataSource, "t1"));

        // A restarted node (or the job moved): a fresh evaluator, state only from PostgreSQL.
        var restarted = NewEvaluator();
        for (var i = 0; i < 5; i++)
        {
            var pass = await PassAsync(restarted, 700);
            Assert.Equal((0, 0), (pass.Transitions, pass.Notifications));
        }

        await PassAsync(restarted, 100);
        await PassAsync(NewEvaluator(), 100);
        var sent = await AlertTestRows.NotificationsAsync(Db.DataSource, "t1");
        Assert.Equal(["firing:error", "resolved:success"], sent.Select(s => s[..s.LastIndexOf(':')]));
    }

    [Fact]
    public async Task Passes_of_two_evaluators_running_concurrently_never_both_notify()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait", warning: 300);
        await AlertTestRows.RuleAsync(Db.DataSource, "t2", "wait", warning: 300);
        var (a, b) = (NewEvaluator(), NewEvaluator());
        const int Rounds = 20;
        for (var round = 0; round < Rounds; round++)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(1));
            _source.Set("t1", Metric, round % 2 == 0 ? 400 : 100);
            _source.Set("t2", Metric, round % 2 == 0 ? 400 : 100);
            var passes = await Task.WhenAll(Task.Run(() => a.RunAsync(CancellationToken.None)), Task.Run(() => b.RunAsync(CancellationToken.None)));
            Assert.Equal(2, passes.Sum(p => p.Notifications));
            // One pass did the round's work; the other either found the lock held or ran after the commit and found
            // nothing left to change.
            Assert.Single(passes, p => p.Skipped is null && p.Transitions == 2);
            Assert.Single(passes, p => p.Skipped == "locked" || p is { Skipped: null, Instances: 0, Transitions: 0, Notifications: 0 });
        }

        foreach (var tenant in new[] { "t1", "t2" })
        {
            var states = (await AlertTestRows.NotificationsAsync(Db.DataSource, tenant)).Select(s => s.Split(':')[0]).ToList();
            Assert.Equal(Enumerable.Range(0, Rounds).Select(r => r % 2 == 0 ? "firing" : "resolved"), states);
        }

    }

    [Fact]
    public async Task A_pass_deletes_instances_the_rules_selector_no_longer_matches_and_keeps_their_history()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait", labels: new Dictionary<string, string> { ["queue"] = "support" });
        var evaluator = NewEvaluator();
        Assert.Equal(1, (await PassAsync(evaluator, 400, "t1", ("queue", "support"))).Notifications);

        // A hand edit (or an older node's) that left the instance behind: nothing would ever evaluate it again.
        await using (var edit = Db.DataSource.CreateCommand("UPDATE alert_rules SET labels = '{\"queue\":\"sales\"}' WHERE tenant = 't1' AND id = 'wait'"))
        {
            await edit.ExecuteNonQueryAsync();
        }

        await PassAsync(evaluator, 100, "t1", ("queue", "sales"));
        Assert.Equal(["{queue=\"sales\"}"], await AlertTestRows.InstancesAsync(Db.DataSource, "t1", "label_key"));
        Assert.Equal(1, await AlertTestRows.CountAsync(Db.DataSource, "SELECT count(*) FROM alert_transitions"));
    }

    [Fact]
    public async Task A_pass_finding_the_lock_held_elsewhere_skips_without_writing()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait");
        await using var other = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await other.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", other))
        {
            take.Parameters.AddWithValue(AlertEvaluator.PassLockKey);
            await take.ExecuteNonQueryAsync();
        }

        Assert.Equal("locked", (await PassAsync(NewEvaluator(), 400)).Skipped);
        Assert.Empty(await AlertTestRows.InstancesAsync(Db.DataSource, "t1"));
        await tx.RollbackAsync();
        Assert.Equal(1, (await PassAsync(NewEvaluator(), 400)).Notifications);
    }

    [Fact]
    public async Task A_rule_that_cannot_be_evaluated_leaves_the_other_tenants_rules_working()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "bad", "broken", metric: "queue.broken");
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait");
        _source.Throws = "queue.broken";
        var pass = await PassAsync(NewEvaluator(), 400);
        Assert.Equal((1, 1), (pass.FailedRules, pass.Notifications));
    }

    [Fact]
    public async Task Label_sets_are_instances_of_their_own_capped_per_rule_and_deleted_with_their_rule()
    {
        Options.MaxInstancesPerRule = 2;
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait");
        var evaluator = NewEvaluator();
        _source.Set("t1", Metric, 400, ("queue", "b"));
        _source.Set("t1", Metric, 100, ("queue", "c"));
        await PassAsync(evaluator, 100, "t1", ("queue", "d"));
        // The stored ones stay first: a new label set sorting before them does not push a firing instance out.
        await PassAsync(evaluator, 400, "t1", ("queue", "a"));
        Assert.Equal(["{queue=\"b\"}", "{queue=\"c\"}"], await AlertTestRows.InstancesAsync(Db.DataSource, "t1", "label_key"));
        Assert.Equal(["firing/normal/warning", "normal/normal/none"], await AlertTestRows.InstancesAsync(Db.DataSource, "t1"));

        await using (var delete = Db.DataSource.CreateCommand("DELETE FROM alert_rules WHERE tenant = 't1'"))
        {
            await delete.ExecuteNonQueryAsync();
        }

        await PassAsync(evaluator, 400);
        Assert.Empty(await AlertTestRows.InstancesAsync(Db.DataSource, "t1"));
        Assert.Equal(1, await AlertTestRows.CountAsync(Db.DataSource, "SELECT count(*) FROM alert_transitions"));
    }

    [Fact]
    public async Task No_data_alerting_fires_for_a_metric_that_never_reported_and_ok_resolves_when_it_vanishes()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "stopped", metric: "kpi:leads", noData: "alerting");
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait", noData: "ok");
        var evaluator = NewEvaluator();
        await PassAsync(evaluator, 400);
        Assert.Equal(["firing/normal/warning", "firing/normal/warning"], await AlertTestRows.InstancesAsync(Db.DataSource, "t1"));

        _source.Clear("t1", Metric);
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        await evaluator.RunAsync(CancellationToken.None);
        Assert.Equal(["firing/normal/warning", "normal/normal/none"], await AlertTestRows.InstancesAsync(Db.DataSource, "t1"));
        Assert.Equal(["firing", "firing", "resolved"], (await AlertTestRows.NotificationsAsync(Db.DataSource, "t1")).Select(s => s.Split(':')[0]));
        await using var messages = Db.DataSource.CreateCommand("SELECT message FROM notifications WHERE rule_id = 'stopped'");
        Assert.Equal("kpi:leads has no data (the rule's noData is alerting).", (string?)await messages.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_silenced_rule_stores_state_changes_but_no_notification()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait", silencedUntil: Db.Clock.GetUtcNow().AddMinutes(5));
        var live = new RecordingSubscriber().Subscribe(Db.Hub, "t1", AlertEvaluator.Topic);
        var evaluator = NewEvaluator();
        await PassAsync(evaluator, 400);
        await PassAsync(evaluator, 100);
        Assert.Empty(await AlertTestRows.NotificationsAsync(Db.DataSource, "t1"));
        Assert.Equal(2, await AlertTestRows.CountAsync(Db.DataSource, "SELECT count(*) FROM alert_transitions"));
        await Poll.UntilAsync(() => live.Messages.Count == 2, TimeSpan.FromSeconds(10), "two alert_state messages");
        Assert.All(live.Messages, m => Assert.Equal("alert_state", m.Type));
    }

    [Fact]
    public async Task Retention_deletes_transitions_older_than_Retention_Days_and_keeps_instances()
    {
        await AlertTestRows.RuleAsync(Db.DataSource, "t1", "wait");
        var evaluator = NewEvaluator();
        await PassAsync(evaluator, 400);
        Db.Clock.Advance(TimeSpan.FromDays(1));
        await PassAsync(evaluator, 100);
        var sweeper = new Dashboard.Retention.RetentionSweeper(
            Db.DataSource, Microsoft.Extensions.Options.Options.Create(new Dashboard.Retention.RetentionOptions { Days = 1, RollupDays = 400 }), Db.Clock) { BatchRows = 1 };

        var result = await sweeper.RunAsync(CancellationToken.None);
        Assert.Equal(1, result["alert_transitions"]);
        Assert.Equal(["normal"], await AlertTestRows.InstancesAsync(Db.DataSource, "t1", "warning_state"));
        using var rows = Db.DataSource.CreateCommand("SELECT to_state FROM alert_transitions");
        Assert.Equal("normal", (string?)await rows.ExecuteScalarAsync());
    }

    internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}

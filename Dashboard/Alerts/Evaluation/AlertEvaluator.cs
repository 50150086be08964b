using Dashboard.Alerts.Metrics;
using Dashboard.Alerts.State;
using Dashboard.Notifications;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Alerts.Evaluation;

/// <summary>What one pass did.</summary>
/// <param name="Skipped">Why it did nothing (<c>not_ready</c>, <c>locked</c>); null when it ran.</param>
/// <param name="Instances">Instances written (new, or changed by the pass).</param>
/// <param name="Transitions">Severity state changes stored.</param>
/// <param name="Notifications">Rule notifications stored.</param>
/// <param name="FailedRules">Rules skipped because evaluating them threw.</param>
internal sealed record AlertPassResult(string? Skipped, int Instances, int Transitions, int Notifications, int FailedRules);

/// <summary>
/// One evaluation pass over every tenant's rules (docs/alert-states.md): reads the rules and the instances once, steps
/// each (rule, label set) with the newest snapshot value from <see cref="IAlertMetricSource"/>, and writes the instance
/// rows, their transitions and the rule notifications in one transaction holding the pass lock
/// (<c>pg_try_advisory_xact_lock</c>); only after the commit are the <c>alert_state</c> and <c>notification</c> messages
/// published on topic <c>notifications</c>. A restart, a failover or another node's pass therefore never re-fires, forgets
/// or double-sends: state lives in PostgreSQL and only one pass at a time can change it.
/// </summary>
internal sealed partial class AlertEvaluator(
    NpgsqlDataSource dataSource,
    IAlertMetricSource metrics,
    RealtimePublisher publisher,
    AlertReadiness readiness,
    IOptionsMonitor<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertEvaluator> logger)
{
    /// <summary>The advisory lock key of a pass (any 64-bit constant no other feature uses: "alerts" in ASCII).</summary>
    public const long PassLockKey = 0x616C65727473;

    // Rules already reported over the cap (logged once per rule and process, not every second).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), byte> _capped = new();

    private sealed record Pending(TenantAlertRule Rule, AlertInstanceStep Step, bool IsNew);

    /// <summary>Runs one pass now.</summary>
    /// <exception cref="NpgsqlException">The database failed; the pass rolled back and the next one retries.</exception>
    /// <exception cref="AlertVersionConflictException">An instance changed under the pass (rolled back).</exception>
    public Task<AlertPassResult> RunAsync(CancellationToken ct) => RunPassAsync(ct);

    private async Task<AlertPassResult> RunPassAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!readiness.IsReady(now))
        {
            return new("not_ready", 0, 0, 0, 0);
        }

        var published = new List<(string Tenant, string Type, object Data)>();
        AlertPassResult result;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection))
            {
                lockCommand.Parameters.AddWithValue(PassLockKey);
                if (!(bool)(await lockCommand.ExecuteScalarAsync(ct))!)
                {
                    return new("locked", 0, 0, 0, 0);
                }
            }

            // Every other writer of instances and rules (an acknowledgement, a rule edit or delete, the configuration sync)
            // takes the pass lock too, so what the pass reads stays as read until it commits: no row locks, and nothing
            // written on an idle second.
            var instances = await AlertInstanceStore.ReadAllAsync(connection, ct);
            var rules = await AlertRuleRows.ReadAsync(connection, null, ct);
            var (steps, unmatched, failed) = Plan(rules, instances, now);

            // Instances whose rule is gone (deleted over REST, or removed from configuration) or whose labels the rule's
            // selector no longer matches: nothing would ever evaluate them again. Their history stays.
            var ruleKeys = rules.Select(r => (r.Tenant, r.Rule.Id)).ToHashSet();
            var orphans = instances.Where(i => !ruleKeys.Contains((i.Tenant, i.RuleId))).Select(i => i.Id).Concat(unmatched).ToList();
            await AlertInstanceStore.DeleteAsync(connection, orphans, ct);

            var stored = new List<(Pending Pending, AlertInstanceRow Row)>(steps.Count);
            foreach (var pending in steps)
            {
                stored.Add((pending, pending.IsNew ? await AlertInstanceStore.InsertAsync(connection, pending.Step.Row, ct) : pending.Step.Row));
            }

            await AlertInstanceStore.UpdateAsync(connection, [.. stored.Where(s => !s.Pending.IsNew).Select(s => s.Row)], ct);
            var transitions = stored
                .SelectMany(s => s.Pending.Step.Transitions.Select(t => new AlertTransition(s.Row, t.Severity, t.From, t.To, now)))
                .ToList();
            await AlertInstanceStore.InsertTransitionsAsync(connection, transitions, ct);

            var notifications = 0;
            foreach (var (pending, row) in stored)
            {
                var rule = pending.Rule.Rule;
                foreach (var (severity, from, to) in pending.Step.Transitions)
                {
                    published.Add((pending.Rule.Tenant, NotificationMessages.AlertStateType,
                        AlertInstanceView.Of(pending.IsNew ? row : row with { Version = row.Version + 1 }, rule, now, new AlertTransitionView(severity, from, to, now))));
                }

                if (pending.Step.Notification is { } state)
                {
                    var item = await RuleNotificationRows.InsertAsync(
                        connection, pending.Rule.Tenant, rule.Id, row.Id, state,
                        AlertNotificationText.Title(state, row.Level, rule),
                        AlertNotificationText.Message(state, row, rule),
                        AlertLevels.NotificationSeverity(state, row.Level), AlertNotificationText.ActionUrl, now, ct);
                    published.Add((pending.Rule.Tenant, NotificationMessages.Type, item));
                    notifications++;
                }
            }

            await tx.CommitAsync(ct);
            result = new(null, stored.Count, transitions.Count, notifications, failed);
        }

        await PublishAsync(published, ct);
        return result;
    }

    // Pure: the steps of every rule's instances, and the ids of instances the rule's selector no longer matches (left by an
    // edit that did not delete them: an older node during a rolling upgrade, a hand edit in the database); a rule that throws (a bad metric reference, a
    // bug) is skipped and counted, its instances left as they are, so one tenant's bad rule never stops the others.
    private (List<Pending> Steps, List<long> Unmatched, int Failed) Plan(List<TenantAlertRule> rules, List<AlertInstanceRow> instances, DateTimeOffset now)
    {
        var byRule = instances.ToLookup(i => (i.Tenant, i.RuleId));
        var max = options.CurrentValue.MaxInstancesPerRule;
        var steps = new List<Pending>();
        var unmatched = new List<long>();
        var failed = 0;
        foreach (var tenantRule in rules)
        {
            try
            {
                var (tenant, rule) = (tenantRule.Tenant, tenantRule.Rule);
                var existing = new Dictionary<string, AlertInstanceRow>(StringComparer.Ordinal);
                foreach (var instance in byRule[(tenant, rule.Id)])
                {
                    if (AlertLabels.Matches(instance.Labels, rule.Labels))
                    {
                        existing[instance.LabelKey] = instance;
                    }
                    else
                    {
                        unmatched.Add(instance.Id);
                    }
                }

                var samples = new Dictionary<string, MetricSample>(StringComparer.Ordinal);
                foreach (var sample in metrics.Read(tenant, rule.Metric, rule.Labels, now))
                {
                    samples.TryAdd(sample.LabelKey, sample);
                }

                if (samples.Count == 0 && existing.Count == 0 && rule.NoData == "alerting")
                {
                    // A metric that never reported (or stopped before its instance was stored) still alerts, as its selector.
                    var labels = AlertLabels.Sorted(rule.Labels);
                    samples[AlertLabels.Key(labels)] = new MetricSample(labels, AlertLabels.Key(labels), null);
                }

                // Stored instances first, so a firing one is never crowded out by a new label set; then new ones by key.
                var keys = existing.Keys.Order(StringComparer.Ordinal)
                    .Concat(samples.Keys.Where(k => !existing.ContainsKey(k)).Order(StringComparer.Ordinal))
                    .ToList();
                if (keys.Count > max && _capped.TryAdd((tenant, rule.Id), 0))
                {
                    LogInstancesCapped(tenant, rule.Id, keys.Count - max, max);
                }

                foreach (var key in keys.Take(max))
                {
                    var sample = samples.GetValueOrDefault(key);
                    var before = existing.GetValueOrDefault(key) ?? AlertInstanceStep.New(tenant, rule.Id, key, sample!.Labels, now);
                    var step = AlertInstanceStep.Evaluate(before, rule, sample?.Value, now);
                    // A steady instance is not rewritten every second: only changes cost a write.
                    if (before.Id == 0 || !step.Unchanged(before))
                    {
                        steps.Add(new Pending(tenantRule, step, before.Id == 0));
                    }
                }
            }
            catch (Exception ex)
            {
                failed++;
                LogRuleFailed(ex, tenantRule.Tenant, tenantRule.Rule.Id);
            }
        }

        return (steps, unmatched, failed);
    }

    private async Task PublishAsync(List<(string Tenant, string Type, object Data)> messages, CancellationToken ct)
    {
        // Queued in order before any await (call order is seq order), then awaited; committed state never depends on them:
        // a message lost here is healed by the notifications snapshot and GET /api/v1/alerts.
        var tasks = messages.Select(m => publisher.PublishAsync(m.Tenant, Topic, m.Type, m.Data, isSnapshot: false, ct)).ToList();
        for (var i = 0; i < tasks.Count; i++)
        {
            try
            {
                await tasks[i];
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPublishFailed(ex, messages[i].Type, messages[i].Tenant);
            }
        }
    }

    /// <summary>The topic of <c>alert_state</c> and rule <c>notification</c> messages.</summary>
    public const string Topic = NotificationTopic.Name;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert rule {RuleId} of tenant {Tenant} could not be evaluated; its instances keep their state")]
    private partial void LogRuleFailed(Exception ex, string tenant, string ruleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert rule {RuleId} of tenant {Tenant} has {Dropped} label sets over Alerts:MaxInstancesPerRule ({Max}); they are not evaluated")]
    private partial void LogInstancesCapped(string tenant, string ruleId, int dropped, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a committed {Type} message of tenant {Tenant} failed; clients see it at their next snapshot or read")]
    private partial void LogPublishFailed(Exception ex, string type, string tenant);
}

using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Alerts.Rules;

/// <summary>
/// At start, makes <c>alert_rules</c>' config rules equal <c>Alerts:Rules</c> (docs/alerts.md, "Configuration"): each is
/// upserted with <c>source = config</c> (version + 1 only when its definition changed; its silence kept; its alert states
/// deleted when its metric, labels or direction changed), an API rule with the same id is replaced (logged, its alert
/// states deleted), and a config rule no longer configured is deleted with its alert states. One
/// transaction under a lock, so nodes starting together do not interleave.
/// </summary>
internal sealed partial class AlertRuleConfigSync(
    NpgsqlDataSource dataSource, IOptions<AlertsOptions> options, TimeProvider time, ILogger<AlertRuleConfigSync> logger) : IHostedService
{
    // pg_advisory_xact_lock(bigint) key of the sync ("ALRTSYNC").
    private const long SyncLock = 0x414C_5254_5359_4E43;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => SyncAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs the sync; returns how many rules were inserted or changed and how many deleted.</summary>
    /// <exception cref="NpgsqlException">The database refused it (start fails).</exception>
    public async Task<(int Changed, int Deleted)> SyncAsync(CancellationToken ct)
    {
        var configured = options.Value.Rules
            .Select(r => (Tenant: r.Tenant!, Definition: AlertRuleValidator.Validate(AlertsOptionsValidator.ToInput(r), idRequired: true, out _)!))
            .ToList();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SyncLock})", connection, tx))
        {
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        // Then the pass lock, as every writer deleting alert instances takes it (AlertRuleStore.LockPassAsync).
        await AlertRuleStore.LockPassAsync(connection, tx, ct);

        var existing = new Dictionary<(string, string), AlertRule>();
        await using (var read = new NpgsqlCommand(
            "SELECT tenant, id, name, metric, labels::text, direction, warning, critical, warning_recovery, critical_recovery, " +
            "for_seconds, keep_firing_for_seconds, no_data, silenced_until, silenced_by, source, version, created_at, updated_at FROM alert_rules", connection, tx))
        {
            foreach (var row in await AlertRuleStore.ReadRowsAsync(read, ct))
            {
                existing[(row.Tenant, row.Rule.Id)] = row.Rule;
            }
        }

        var now = time.GetUtcNow();
        var changed = 0;
        foreach (var (tenant, definition) in configured)
        {
            if (existing.TryGetValue((tenant, definition.Id), out var old))
            {
                if (old.Source == "config" && definition.SameAs(old))
                {
                    continue;
                }

                if (old.Source == "api")
                {
                    LogReplaced(logger, tenant, definition.Id);
                }

                // An API rule's alert states, or those of a config rule that now watches another metric, label set or
                // direction, were judged by another question (docs/alert-states.md, "Exactly once").
                if (old.Source == "api" || !definition.SameSelector(old))
                {
                    await AlertRuleStore.DeleteInstancesAsync(connection, tx, tenant, [definition.Id], ct);
                }
            }

            await using var upsert = new NpgsqlCommand(
                "INSERT INTO alert_rules (tenant, id, name, metric, labels, direction, warning, critical, warning_recovery, critical_recovery, " +
                "for_seconds, keep_firing_for_seconds, no_data, source, version, created_at, updated_at) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'config', 1, $14, $14) " +
                "ON CONFLICT (tenant, id) DO UPDATE SET name = $3, metric = $4, labels = $5, direction = $6, warning = $7, critical = $8, " +
                "warning_recovery = $9, critical_recovery = $10, for_seconds = $11, keep_firing_for_seconds = $12, no_data = $13, " +
                "source = 'config', version = alert_rules.version + 1, updated_at = $14", connection, tx);
            AlertRuleStore.AddDefinition(upsert, tenant, definition);
            upsert.Parameters.AddWithValue(now);
            await upsert.ExecuteNonQueryAsync(ct);
            changed++;
        }

        var wanted = configured.Select(c => (c.Tenant, c.Definition.Id)).ToHashSet();
        var removed = existing.Where(kv => kv.Value.Source == "config" && !wanted.Contains(kv.Key)).Select(kv => kv.Key).ToList();
        foreach (var group in removed.GroupBy(k => k.Item1))
        {
            var ids = group.Select(k => k.Item2).ToArray();
            await using var delete = new NpgsqlCommand("DELETE FROM alert_rules WHERE tenant = $1 AND id = ANY($2) AND source = 'config'", connection, tx);
            delete.Parameters.AddWithValue(group.Key);
            delete.Parameters.AddWithValue(ids);
            await delete.ExecuteNonQueryAsync(ct);
            await AlertRuleStore.DeleteInstancesAsync(connection, tx, group.Key, ids, ct);
        }

        await tx.CommitAsync(ct);
        LogSynced(logger, configured.Count, changed, removed.Count);
        return (changed, removed.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert rule {RuleId} of tenant {Tenant} was created over REST and is now configured in Alerts:Rules: the configured rule replaces it")]
    private static partial void LogReplaced(ILogger logger, string tenant, string ruleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert rules from configuration: {Configured} configured, {Changed} inserted or changed, {Deleted} no longer configured deleted")]
    private static partial void LogSynced(ILogger logger, int configured, int changed, int deleted);
}

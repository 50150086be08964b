using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Alerts.Rules;

/// <summary>
/// The alert rules of every tenant in <c>alert_rules</c> (docs/alerts.md, "Rule reference"): reads for the evaluator and
/// REST, and the edits of <c>/api/v1/alerts/rules</c>. Config rules (<c>source = config</c>) are written by
/// <see cref="AlertRuleConfigSync"/> only; REST may silence them but not edit or delete them.
/// </summary>
internal sealed class AlertRuleStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    // The first key of pg_advisory_xact_lock(int, int): one tenant's rule count is checked and changed under it, so
    // Alerts:MaxRulesPerTenant holds under concurrent creates on any node.
    private const int LockClass = 0x414C_5231; // "ALR1"

    /// <summary>The columns <see cref="ReadRowsAsync"/> reads, in its order (every reader of rule rows selects these).</summary>
    internal const string Columns =
        "tenant, id, name, metric, labels::text, direction, warning, critical, warning_recovery, critical_recovery, " +
        "for_seconds, keep_firing_for_seconds, no_data, silenced_until, silenced_by, source, version, created_at, updated_at";

    /// <summary>The rules of <paramref name="tenant"/>, by id.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<AlertRule>> ReadAsync(string tenant, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM alert_rules WHERE tenant = $1 ORDER BY id");
        cmd.Parameters.AddWithValue(tenant);
        return [.. (await ReadRowsAsync(cmd, ct)).Select(r => r.Rule)];
    }

    /// <summary>One rule; null when the tenant has none with that id.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<AlertRule?> GetAsync(string tenant, string id, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM alert_rules WHERE tenant = $1 AND id = $2");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        return (await ReadRowsAsync(cmd, ct)).FirstOrDefault()?.Rule;
    }

    /// <summary>
    /// Stores a new API rule (version 1) unless the id is taken or the tenant already has <paramref name="maxRules"/> rules;
    /// the count and the insert run under the tenant's lock.
    /// </summary>
    /// <exception cref="NpgsqlException">The statement failed.</exception>
    public async Task<(RuleWrite Result, AlertRule? Rule)> CreateAsync(string tenant, AlertRuleDefinition rule, int maxRules, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockTenantAsync(connection, tx, tenant, ct);
        await using (var check = new NpgsqlCommand("SELECT count(*), count(*) FILTER (WHERE id = $2) FROM alert_rules WHERE tenant = $1", connection, tx))
        {
            check.Parameters.AddWithValue(tenant);
            check.Parameters.AddWithValue(rule.Id);
            await using var reader = await check.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetInt64(1) > 0)
            {
                return (RuleWrite.IdTaken, null);
            }

            if (reader.GetInt64(0) >= maxRules)
            {
                return (RuleWrite.TooMany, null);
            }
        }

        var now = time.GetUtcNow();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO alert_rules (tenant, id, name, metric, labels, direction, warning, critical, warning_recovery, critical_recovery, " +
            "for_seconds, keep_firing_for_seconds, no_data, source, version, created_at, updated_at) " +
            $"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'api', 1, $14, $14) RETURNING {Columns}", connection, tx);
        AddDefinition(insert, tenant, rule);
        insert.Parameters.AddWithValue(now);
        var created = (await ReadRowsAsync(insert, ct))[0].Rule;
        await tx.CommitAsync(ct);
        return (RuleWrite.Done, created);
    }

    /// <summary>
    /// Replaces an API rule's definition (version + 1); config rules are refused, silence is kept. When the metric, labels
    /// or direction change, the rule's alert instances are deleted in the same transaction (their transitions stay): they
    /// answered another question, and one left firing would never resolve (docs/alert-states.md, "Exactly once").
    /// </summary>
    /// <exception cref="NpgsqlException">The statement failed.</exception>
    public async Task<(RuleWrite Result, AlertRule? Rule)> UpdateAsync(string tenant, AlertRuleDefinition rule, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockPassAsync(connection, tx, ct);
        AlertRule? old;
        await using (var read = new NpgsqlCommand($"SELECT {Columns} FROM alert_rules WHERE tenant = $1 AND id = $2 FOR UPDATE", connection, tx))
        {
            read.Parameters.AddWithValue(tenant);
            read.Parameters.AddWithValue(rule.Id);
            old = (await ReadRowsAsync(read, ct)).FirstOrDefault()?.Rule;
        }

        if (old?.Source != "api")
        {
            await tx.RollbackAsync(ct);
            return (old is null ? RuleWrite.NotFound : RuleWrite.Config, null);
        }

        await using var cmd = new NpgsqlCommand(
            "UPDATE alert_rules SET name = $3, metric = $4, labels = $5, direction = $6, warning = $7, critical = $8, " +
            "warning_recovery = $9, critical_recovery = $10, for_seconds = $11, keep_firing_for_seconds = $12, no_data = $13, " +
            $"version = version + 1, updated_at = $14 WHERE tenant = $1 AND id = $2 RETURNING {Columns}", connection, tx);
        AddDefinition(cmd, tenant, rule);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        var updated = (await ReadRowsAsync(cmd, ct))[0].Rule;
        if (!rule.SameSelector(old))
        {
            await DeleteInstancesAsync(connection, tx, tenant, [rule.Id], ct);
        }

        await tx.CommitAsync(ct);
        return (RuleWrite.Done, updated);
    }

    /// <summary>
    /// Deletes an API rule and its alert instances in one transaction; its transitions stay (history). Config rules are refused.
    /// </summary>
    /// <exception cref="NpgsqlException">The statement failed.</exception>
    public async Task<RuleWrite> DeleteAsync(string tenant, string id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The pass lock before the tenant lock, in every writer, so two writers never wait on each other crosswise.
        await LockPassAsync(connection, tx, ct);
        await LockTenantAsync(connection, tx, tenant, ct);
        await using var delete = new NpgsqlCommand("DELETE FROM alert_rules WHERE tenant = $1 AND id = $2 AND source = 'api'", connection, tx);
        delete.Parameters.AddWithValue(tenant);
        delete.Parameters.AddWithValue(id);
        if (await delete.ExecuteNonQueryAsync(ct) == 0)
        {
            await tx.RollbackAsync(ct);
            return await MissOrConfigAsync(tenant, id, ct);
        }

        await DeleteInstancesAsync(connection, tx, tenant, [id], ct);
        await tx.CommitAsync(ct);
        return RuleWrite.Done;
    }

    /// <summary>
    /// Silences a rule (config or API) until <paramref name="until"/>, or lifts the silence when null. Not an edit of the
    /// definition: <c>version</c> stays, so the evaluator keeps the rule's alert states.
    /// </summary>
    /// <exception cref="NpgsqlException">The statement failed.</exception>
    public async Task<AlertRule?> SilenceAsync(string tenant, string id, DateTimeOffset? until, string? by, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"UPDATE alert_rules SET silenced_until = $3, silenced_by = $4, updated_at = $5 WHERE tenant = $1 AND id = $2 RETURNING {Columns}");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)until ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = until is null ? DBNull.Value : (object?)by ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        return (await ReadRowsAsync(cmd, ct)).FirstOrDefault()?.Rule;
    }

    /// <summary>Takes the tenant's rule lock for the rest of <paramref name="tx"/>.</summary>
    internal static async Task LockTenantAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string tenant, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, tx);
        cmd.Parameters.AddWithValue(LockClass);
        cmd.Parameters.AddWithValue(tenant);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Waits for and takes the evaluator's pass lock (<see cref="Evaluation.AlertEvaluator.PassLockKey"/>) for the rest of
    /// <paramref name="tx"/>. Every transaction that deletes alert instances takes it first: a pass locks the instances in
    /// its own order, and a writer deleting them in scan order meanwhile could deadlock with it; holding the lock, the
    /// writer never meets a pass (a pass starting meanwhile skips, docs/alert-states.md "Exactly once").
    /// </summary>
    internal static async Task LockPassAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, tx);
        cmd.Parameters.AddWithValue(Evaluation.AlertEvaluator.PassLockKey);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the alert instances of the given rules (their transitions stay); the caller holds the pass lock.</summary>
    internal static async Task DeleteInstancesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string tenant, string[] ruleIds, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("DELETE FROM alert_instances WHERE tenant = $1 AND rule_id = ANY($2)", connection, tx);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(ruleIds);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Adds $1..$13: tenant, id and the definition's columns.</summary>
    internal static void AddDefinition(NpgsqlCommand cmd, string tenant, AlertRuleDefinition rule)
    {
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(rule.Id);
        cmd.Parameters.AddWithValue(rule.Name);
        cmd.Parameters.AddWithValue(rule.Metric);
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(rule.Labels), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.AddWithValue(rule.Direction);
        foreach (var number in new[] { rule.Warning, rule.Critical, rule.WarningRecovery, rule.CriticalRecovery })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)number ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        }

        cmd.Parameters.AddWithValue(rule.ForSeconds);
        cmd.Parameters.AddWithValue(rule.KeepFiringForSeconds);
        cmd.Parameters.AddWithValue(rule.NoData);
    }

    /// <summary>Reads rows of <see cref="Columns"/>.</summary>
    internal static async Task<List<TenantAlertRule>> ReadRowsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rules = new List<TenantAlertRule>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rules.Add(new TenantAlertRule(reader.GetString(0), new AlertRule(
                reader.GetString(1), reader.GetString(2), reader.GetString(3), ReadLabels(reader.GetString(4)),
                reader.GetString(5), NullableDouble(reader, 6), NullableDouble(reader, 7), NullableDouble(reader, 8), NullableDouble(reader, 9),
                reader.GetInt32(10), reader.GetInt32(11), reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13), reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.GetString(15), reader.GetInt32(16), reader.GetFieldValue<DateTimeOffset>(17), reader.GetFieldValue<DateTimeOffset>(18))));
        }

        return rules;
    }

    /// <summary>
    /// A <c>jsonb</c> object of strings (a rule's or an alert instance's labels, as <c>::text</c>) as a dictionary sorted
    /// by ordinal name; anything but a string value in it is ignored.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> ReadLabels(string json)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    labels[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return labels;
    }

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private async Task<RuleWrite> MissOrConfigAsync(string tenant, string id, CancellationToken ct) =>
        (await GetAsync(tenant, id, ct))?.Source == "config" ? RuleWrite.Config : RuleWrite.NotFound;
}

/// <summary>What a rule write did.</summary>
internal enum RuleWrite
{
    /// <summary>Written.</summary>
    Done,

    /// <summary>No rule with that id.</summary>
    NotFound,

    /// <summary>A config rule: edit <c>Alerts:Rules</c> instead (409).</summary>
    Config,

    /// <summary>The id is taken (409).</summary>
    IdTaken,

    /// <summary><c>Alerts:MaxRulesPerTenant</c> reached (400).</summary>
    TooMany,
}

using Dashboard.Alerts.Evaluation;
using Dashboard.Alerts.Rules;
using Npgsql;

namespace Dashboard.Alerts.State;

/// <summary>The outcome of an acknowledgement.</summary>
internal enum AckOutcome
{
    /// <summary>Acknowledged now.</summary>
    Acknowledged,

    /// <summary>Already acknowledged (by whoever was first); nothing changed.</summary>
    AlreadyAcknowledged,

    /// <summary>The tenant has no such instance.</summary>
    NotFound,

    /// <summary>The instance's level is none: nothing to acknowledge.</summary>
    NothingToAcknowledge,
}

/// <summary>
/// The reads and the one write of the REST API over alert state (docs/alert-states.md, "REST"): the current instances,
/// the transitions of the last hours and an acknowledgement.
/// </summary>
internal sealed class AlertQueries(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Most transitions one history answer lists.</summary>
    public const int MaxHistoryItems = 1000;

    /// <summary>The tenant's rules and every instance of them, as <c>GET /api/v1/alerts</c> answers.</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public async Task<AlertsList> ListAsync(string tenant, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for both reads, so a rule and its instances agree.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var rules = (await AlertRuleRows.ReadAsync(connection, tenant, ct)).Select(r => r.Rule).ToList();
        var instances = await AlertInstanceStore.ReadTenantAsync(connection, tenant, null, ct);
        await tx.CommitAsync(ct);
        var now = time.GetUtcNow();
        var byId = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        return new AlertsList(rules, [.. instances.Select(i => AlertInstanceView.Of(i, byId.GetValueOrDefault(i.RuleId), now))], now);
    }

    /// <summary>The tenant's transitions of the last <paramref name="hours"/>, newest first, at most <see cref="MaxHistoryItems"/>.</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public async Task<AlertHistory> HistoryAsync(string tenant, int hours, string? ruleId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT t.id, t.alert_id, t.rule_id, r.name, t.labels::text, t.label_key, t.severity, t.from_state, t.to_state, t.value, t.at
            FROM alert_transitions t
            LEFT JOIN alert_rules r ON r.tenant = t.tenant AND r.id = t.rule_id
            WHERE t.tenant = $1 AND t.at >= $2 AND ($3::text IS NULL OR t.rule_id = $3)
            ORDER BY t.at DESC, t.id DESC
            LIMIT {MaxHistoryItems}
            """);
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue((time.GetUtcNow() - TimeSpan.FromHours(hours)).UtcDateTime);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)ruleId ?? DBNull.Value);
        var items = new List<AlertHistoryItem>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new AlertHistoryItem(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                AlertRuleStore.ReadLabels(reader.GetString(4)), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetDouble(9), AlertRuleRows.Utc(reader.GetDateTime(10))));
        }

        return new AlertHistory(items, hours);
    }

    /// <summary>
    /// Acknowledges instance <paramref name="id"/> of <paramref name="tenant"/> as <paramref name="subject"/>: waits for a pass
    /// in progress (the pass lock), then records who and when (the first acknowledgement of a level stands). Returns the instance as
    /// it is after.
    /// </summary>
    /// <exception cref="NpgsqlException">The database failed.</exception>
    public async Task<(AckOutcome Outcome, AlertInstanceView? Instance)> AcknowledgeAsync(string tenant, long id, string subject, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The pass lock, as every writer of instances takes it: a pass running now finishes first, and the next skips
        // its second while this commits.
        await AlertRuleStore.LockPassAsync(connection, tx, ct);
        var row = (await AlertInstanceStore.ReadTenantAsync(connection, tenant, id, ct)).FirstOrDefault();
        if (row is null)
        {
            return (AckOutcome.NotFound, null);
        }

        var rule = (await AlertRuleRows.ReadAsync(connection, tenant, ct)).FirstOrDefault(r => r.Rule.Id == row.RuleId)?.Rule;
        var now = time.GetUtcNow();
        if (row.Level == AlertLevels.None)
        {
            return (AckOutcome.NothingToAcknowledge, AlertInstanceView.Of(row, rule, now));
        }

        if (row.AcknowledgedAt is not null)
        {
            return (AckOutcome.AlreadyAcknowledged, AlertInstanceView.Of(row, rule, now));
        }

        await using (var command = new NpgsqlCommand(
            "UPDATE alert_instances SET acknowledged_by = $3, acknowledged_at = $4, version = version + 1 WHERE tenant = $1 AND id = $2",
            connection))
        {
            command.Parameters.AddWithValue(tenant);
            command.Parameters.AddWithValue(id);
            command.Parameters.AddWithValue(subject);
            command.Parameters.AddWithValue(now.UtcDateTime);
            await command.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return (AckOutcome.Acknowledged, AlertInstanceView.Of(row with { AcknowledgedBy = subject, AcknowledgedAt = now, Version = row.Version + 1 }, rule, now));
    }
}

using System.Text.Json;
using Dashboard.Alerts.Evaluation;
using Dashboard.Alerts.Rules;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Alerts.State;

/// <summary>A state change of one severity of an instance, to store in <c>alert_transitions</c>.</summary>
/// <param name="Instance">The instance after the change (its id is set).</param>
/// <param name="Severity"><c>warning</c> or <c>critical</c>.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="At">When (UTC).</param>
internal sealed record AlertTransition(AlertInstanceRow Instance, string Severity, string From, string To, DateTimeOffset At);

/// <summary>
/// <c>alert_instances</c> and <c>alert_transitions</c> as the evaluator's pass writes them, on the connection and
/// transaction it holds (docs/alert-states.md, "Exactly once"): every writer holds the pass lock, and rows are written with
/// a version check as a guard, so an acknowledgement waits for the pass and no two writers ever apply the same change.
/// </summary>
internal static class AlertInstanceStore
{
    private const string Columns = """
        id, tenant, rule_id, label_key, labels::text, warning_state, warning_since, critical_state, critical_since,
        level, level_since, value, evaluated_at, acknowledged_by, acknowledged_at, version
        """;

    /// <summary>Every instance, by tenant, rule and label key (the pass reads them under its lock).</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<List<AlertInstanceRow>> ReadAllAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM alert_instances ORDER BY tenant, rule_id, label_key", connection);
        return await ReadAsync(command, ct);
    }

    /// <summary>Instances of <paramref name="tenant"/> (one when <paramref name="id"/> is set), by rule and label key, without locks.</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<List<AlertInstanceRow>> ReadTenantAsync(NpgsqlConnection connection, string tenant, long? id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM alert_instances WHERE tenant = $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY rule_id, label_key", connection);
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(NpgsqlDbType.Bigint, (object?)id ?? DBNull.Value);
        return await ReadAsync(command, ct);
    }

    /// <summary>Stores a new instance and returns it with its id and version 1.</summary>
    /// <exception cref="NpgsqlException">The insert failed (e.g. the label set is already stored).</exception>
    public static async Task<AlertInstanceRow> InsertAsync(NpgsqlConnection connection, AlertInstanceRow row, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO alert_instances (tenant, rule_id, label_key, labels, warning_state, warning_since, critical_state,
                critical_since, level, level_since, value, evaluated_at, acknowledged_by, acknowledged_at, version)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1)
            RETURNING id
            """, connection);
        var p = command.Parameters;
        p.AddWithValue(row.Tenant);
        p.AddWithValue(row.RuleId);
        p.AddWithValue(row.LabelKey);
        p.AddWithValue(JsonSerializer.Serialize(row.Labels));
        p.AddWithValue(row.Warning.State);
        p.AddWithValue(row.Warning.Since.UtcDateTime);
        p.AddWithValue(row.Critical.State);
        p.AddWithValue(row.Critical.Since.UtcDateTime);
        p.AddWithValue(row.Level);
        p.AddWithValue(row.LevelSince.UtcDateTime);
        p.AddWithValue(NpgsqlDbType.Double, (object?)row.Value ?? DBNull.Value);
        p.AddWithValue(row.EvaluatedAt.UtcDateTime);
        p.AddWithValue(NpgsqlDbType.Text, (object?)row.AcknowledgedBy ?? DBNull.Value);
        p.AddWithValue(NpgsqlDbType.TimestampTz, (object?)row.AcknowledgedAt?.UtcDateTime ?? DBNull.Value);
        var id = (long)(await command.ExecuteScalarAsync(ct))!;
        return row with { Id = id, Version = 1 };
    }

    /// <summary>
    /// Writes <paramref name="rows"/> (each carrying the version it was read with) in one statement and bumps their versions.
    /// </summary>
    /// <exception cref="AlertVersionConflictException">A row changed or vanished since it was read: the caller rolls back.</exception>
    /// <exception cref="NpgsqlException">The update failed.</exception>
    public static async Task UpdateAsync(NpgsqlConnection connection, IReadOnlyList<AlertInstanceRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            UPDATE alert_instances i SET warning_state = u.ws, warning_since = u.wsn, critical_state = u.cs, critical_since = u.csn,
                level = u.lv, level_since = u.lvs, value = u.v, evaluated_at = u.e, acknowledged_by = u.ab, acknowledged_at = u.aa,
                version = i.version + 1
            FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::text[],
                        $8::timestamptz[], $9::float8[], $10::timestamptz[], $11::text[], $12::timestamptz[])
                 AS u(id, version, ws, wsn, cs, csn, lv, lvs, v, e, ab, aa)
            WHERE i.id = u.id AND i.version = u.version
            """, connection);
        var p = command.Parameters;
        p.AddWithValue(rows.Select(r => r.Id).ToArray());
        p.AddWithValue(rows.Select(r => r.Version).ToArray());
        p.AddWithValue(rows.Select(r => r.Warning.State).ToArray());
        p.AddWithValue(rows.Select(r => r.Warning.Since.UtcDateTime).ToArray());
        p.AddWithValue(rows.Select(r => r.Critical.State).ToArray());
        p.AddWithValue(rows.Select(r => r.Critical.Since.UtcDateTime).ToArray());
        p.AddWithValue(rows.Select(r => r.Level).ToArray());
        p.AddWithValue(rows.Select(r => r.LevelSince.UtcDateTime).ToArray());
        p.AddWithValue(rows.Select(r => r.Value).ToArray());
        p.AddWithValue(rows.Select(r => r.EvaluatedAt.UtcDateTime).ToArray());
        p.AddWithValue(rows.Select(r => r.AcknowledgedBy).ToArray());
        p.AddWithValue(rows.Select(r => r.AcknowledgedAt?.UtcDateTime).ToArray());
        var updated = await command.ExecuteNonQueryAsync(ct);
        if (updated != rows.Count)
        {
            throw new AlertVersionConflictException(rows.Count, updated);
        }
    }

    /// <summary>Stores <paramref name="transitions"/> in one statement.</summary>
    /// <exception cref="NpgsqlException">The insert failed.</exception>
    public static async Task InsertTransitionsAsync(NpgsqlConnection connection, IReadOnlyList<AlertTransition> transitions, CancellationToken ct)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO alert_transitions (tenant, alert_id, rule_id, label_key, labels, severity, from_state, to_state, value, at)
            SELECT t, a, r, k, l::jsonb, s, f, o, v, w
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::timestamptz[])
                 AS u(t, a, r, k, l, s, f, o, v, w)
            """, connection);
        var p = command.Parameters;
        p.AddWithValue(transitions.Select(t => t.Instance.Tenant).ToArray());
        p.AddWithValue(transitions.Select(t => t.Instance.Id).ToArray());
        p.AddWithValue(transitions.Select(t => t.Instance.RuleId).ToArray());
        p.AddWithValue(transitions.Select(t => t.Instance.LabelKey).ToArray());
        p.AddWithValue(transitions.Select(t => JsonSerializer.Serialize(t.Instance.Labels)).ToArray());
        p.AddWithValue(transitions.Select(t => t.Severity).ToArray());
        p.AddWithValue(transitions.Select(t => t.From).ToArray());
        p.AddWithValue(transitions.Select(t => t.To).ToArray());
        p.AddWithValue(transitions.Select(t => t.Instance.Value).ToArray());
        p.AddWithValue(transitions.Select(t => t.At.UtcDateTime).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the instances <paramref name="ids"/> (their transitions stay, as history).</summary>
    /// <exception cref="NpgsqlException">The delete failed.</exception>
    public static async Task DeleteAsync(NpgsqlConnection connection, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("DELETE FROM alert_instances WHERE id = ANY($1)", connection);
        command.Parameters.AddWithValue(ids.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<AlertInstanceRow>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<AlertInstanceRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new AlertInstanceRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), AlertRuleStore.ReadLabels(reader.GetString(4)),
                new SeverityState(reader.GetString(5), AlertRuleRows.Utc(reader.GetDateTime(6))),
                new SeverityState(reader.GetString(7), AlertRuleRows.Utc(reader.GetDateTime(8))),
                reader.GetString(9), AlertRuleRows.Utc(reader.GetDateTime(10)), reader.IsDBNull(11) ? null : reader.GetDouble(11),
                AlertRuleRows.Utc(reader.GetDateTime(12)), reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : AlertRuleRows.Utc(reader.GetDateTime(14)), reader.GetInt64(15)));
        }

        return rows;
    }
}

/// <summary>An instance row changed between a pass's read and its write (never expected: the pass holds the rows locked).</summary>
/// <param name="expected">Rows written.</param>
/// <param name="updated">Rows whose version still matched.</param>
internal sealed class AlertVersionConflictException(int expected, int updated)
    : Exception($"{expected - updated} of {expected} alert instances changed since this pass read them; the pass rolls back.");

using System.Text.Json;
using Npgsql;

namespace Dashboard.Tests.Alerts;

/// <summary>Alert rules and stored alert state as SQL rows, for tests that need them without the rules API.</summary>
internal static class AlertTestRows
{
    /// <summary>Inserts (or replaces, bumping its version) a rule.</summary>
    public static async Task RuleAsync(
        NpgsqlDataSource db, string tenant, string id, string metric = "queue.longestWaitSeconds", double? warning = 300, double? critical = null,
        double? warningRecovery = null, double? criticalRecovery = null, int forSeconds = 0, int keepFor = 0, string noData = "keep",
        DateTimeOffset? silencedUntil = null, IReadOnlyDictionary<string, string>? labels = null, string direction = "above")
    {
        await using var command = db.CreateCommand(
            """
            INSERT INTO alert_rules (tenant, id, name, metric, labels, direction, warning, critical, warning_recovery, critical_recovery,
                for_seconds, keep_firing_for_seconds, no_data, silenced_until, source, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'api', now(), now())
            ON CONFLICT (tenant, id) DO UPDATE SET metric = EXCLUDED.metric, labels = EXCLUDED.labels, warning = EXCLUDED.warning,
                critical = EXCLUDED.critical, warning_recovery = EXCLUDED.warning_recovery, critical_recovery = EXCLUDED.critical_recovery,
                for_seconds = EXCLUDED.for_seconds, keep_firing_for_seconds = EXCLUDED.keep_firing_for_seconds, no_data = EXCLUDED.no_data,
                silenced_until = EXCLUDED.silenced_until, version = alert_rules.version + 1
            """);
        var p = command.Parameters;
        p.AddWithValue(tenant);
        p.AddWithValue(id);
        p.AddWithValue("Rule " + id);
        p.AddWithValue(metric);
        p.AddWithValue(JsonSerializer.Serialize(labels ?? new Dictionary<string, string>()));
        p.AddWithValue(direction);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Double, (object?)warning ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Double, (object?)critical ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Double, (object?)warningRecovery ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Double, (object?)criticalRecovery ?? DBNull.Value);
        p.AddWithValue(forSeconds);
        p.AddWithValue(keepFor);
        p.AddWithValue(noData);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)silencedUntil?.UtcDateTime ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Rule notifications of the tenant, oldest first, as "state:severity:alertId".</summary>
    public static async Task<List<string>> NotificationsAsync(NpgsqlDataSource db, string tenant)
    {
        await using var command = db.CreateCommand(
            "SELECT state || ':' || severity || ':' || alert_id FROM notifications WHERE tenant = $1 AND source = 'rule' ORDER BY id");
        command.Parameters.AddWithValue(tenant);
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    /// <summary>One column of the tenant's instances, by rule and label key.</summary>
    public static async Task<List<string>> InstancesAsync(NpgsqlDataSource db, string tenant, string column = "warning_state || '/' || critical_state || '/' || level")
    {
        await using var command = db.CreateCommand($"SELECT {column} FROM alert_instances WHERE tenant = $1 ORDER BY rule_id, label_key");
        command.Parameters.AddWithValue(tenant);
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetValue(0).ToString()!);
        }

        return list;
    }

    /// <summary>A number the database computes.</summary>
    public static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using System.Text.Json;
using Npgsql;

namespace Dashboard.Alerts.State;

/// <summary>
/// Reads <c>alert_rules</c> rows on a connection the caller holds (the evaluator reads them inside its pass's
/// transaction, so a rule deleted with its instances is seen together with them).
/// </summary>
internal static class AlertRuleRows
{
    private const string Columns = """
        tenant, id, name, metric, labels::text, direction, warning, critical, warning_recovery, critical_recovery,
        for_seconds, keep_firing_for_seconds, no_data, silenced_until, silenced_by, source, version, created_at, updated_at
        """;

    /// <summary>Every tenant's rules (<paramref name="tenant"/> null) or one tenant's, by tenant then id.</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<List<TenantAlertRule>> ReadAsync(NpgsqlConnection connection, string? tenant, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM alert_rules WHERE $1::text IS NULL OR tenant = $1 ORDER BY tenant, id", connection);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)tenant ?? DBNull.Value);
        var rules = new List<TenantAlertRule>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rules.Add(new TenantAlertRule(reader.GetString(0), new AlertRule(
                reader.GetString(1), reader.GetString(2), reader.GetString(3), Labels(reader.GetString(4)), reader.GetString(5),
                Number(reader, 6), Number(reader, 7), Number(reader, 8), Number(reader, 9),
                reader.GetInt32(10), reader.GetInt32(11), reader.GetString(12),
                reader.IsDBNull(13) ? null : Utc(reader.GetDateTime(13)), reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.GetString(15), reader.GetInt32(16), Utc(reader.GetDateTime(17)), Utc(reader.GetDateTime(18)))));
        }

        return rules;
    }

    /// <summary>A <c>jsonb</c> object of strings as a sorted dictionary (anything else in it is ignored).</summary>
    internal static IReadOnlyDictionary<string, string> Labels(string json)
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

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static double? Number(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
}

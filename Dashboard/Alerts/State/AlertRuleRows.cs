using System.Text.Json;
using Dashboard.Alerts.Rules;
using Npgsql;

namespace Dashboard.Alerts.State;

/// <summary>
/// Reads <c>alert_rules</c> rows on a connection and transaction the caller holds (the evaluator reads them inside its pass's
/// transaction, so a rule deleted with its instances is seen together with them).
/// </summary>
internal static class AlertRuleRows
{
    // In the order AlertRuleStore.ReadRowsAsync reads them (Alerts/Rules): one reading of a rule row.
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
        return await AlertRuleStore.ReadRowsAsync(command, ct);
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

}

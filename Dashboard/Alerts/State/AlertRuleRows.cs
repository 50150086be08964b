using Dashboard.Alerts.Rules;
using Npgsql;

namespace Dashboard.Alerts.State;

/// <summary>
/// Reads <c>alert_rules</c> rows on a connection and transaction the caller holds (the evaluator reads them inside its pass's
/// transaction, so a rule deleted with its instances is seen together with them).
/// </summary>
internal static class AlertRuleRows
{
    /// <summary>Every tenant's rules (<paramref name="tenant"/> null) or one tenant's, by tenant then id.</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<List<TenantAlertRule>> ReadAsync(NpgsqlConnection connection, string? tenant, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {AlertRuleStore.Columns} FROM alert_rules WHERE $1::text IS NULL OR tenant = $1 ORDER BY tenant, id", connection);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)tenant ?? DBNull.Value);
        return await AlertRuleStore.ReadRowsAsync(command, ct);
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

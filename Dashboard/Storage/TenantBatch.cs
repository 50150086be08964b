using Npgsql;

namespace Dashboard.Storage;

/// <summary>
/// Builds the one-round-trip reads of the metric calculators and report readers: statements added to an
/// <see cref="NpgsqlBatch"/> with positional parameters (<c>$1</c>, <c>$2</c>…), and the per-tenant maps their rows fill.
/// </summary>
internal static class TenantBatch
{
    /// <summary>Adds <paramref name="sql"/> with <paramref name="tenants"/> as <c>$1</c> (<c>text[]</c>) and <paramref name="parameters"/> as <c>$2</c>….</summary>
    /// <remarks>
    /// The tenants array has its own argument: passed alone as a <c>params object[]</c> it would be taken for the whole array.
    /// </remarks>
    public static void AddForTenants(NpgsqlBatch batch, string sql, string[] tenants, params object[] parameters) =>
        Add(batch, sql, [tenants, .. parameters]);

    /// <summary>Adds <paramref name="sql"/> with <paramref name="parameters"/> as <c>$1</c>, <c>$2</c>… in order.</summary>
    /// <param name="batch">The batch the statement joins (its results follow the earlier statements').</param>
    /// <param name="sql">The statement; only constants, never client text.</param>
    /// <param name="parameters">
    /// Values whose PostgreSQL type Npgsql infers, or an <see cref="NpgsqlParameter"/> added as given: a value that may be
    /// null (sent as <see cref="DBNull"/>) needs one with its <c>NpgsqlDbType</c> set, since a null has no type to infer.
    /// </param>
    public static void Add(NpgsqlBatch batch, string sql, params object[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(p as NpgsqlParameter ?? new NpgsqlParameter { Value = p });
        }

        batch.BatchCommands.Add(command);
    }

    /// <summary><paramref name="tenant"/>'s entry of <paramref name="map"/>, created empty on first use.</summary>
    public static TValue Entry<TValue>(Dictionary<string, TValue> map, string tenant)
        where TValue : new()
    {
        if (!map.TryGetValue(tenant, out var value))
        {
            map[tenant] = value = new TValue();
        }

        return value;
    }
}

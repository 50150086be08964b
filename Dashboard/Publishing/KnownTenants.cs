using Npgsql;

namespace Dashboard.Publishing;

/// <summary>
/// The tenants the fold has seen (<c>fold_tenants</c>): the jobs publish a snapshot to each of them on a node's first run,
/// so subscribers have one after a restart.
/// </summary>
internal sealed class KnownTenants(NpgsqlDataSource dataSource)
{
    /// <summary>Every tenant the fold has seen, by name.</summary>
    /// <exception cref="NpgsqlException">The query failed.</exception>
    public async Task<IReadOnlyList<string>> AllAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT tenant FROM fold_tenants ORDER BY tenant");
        return await ReadAsync(cmd, ct);
    }

    /// <summary>The first column of every row <paramref name="cmd"/> returns.</summary>
    internal static async Task<IReadOnlyList<string>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}

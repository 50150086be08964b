using Npgsql;

namespace Dashboard.Storage;

/// <summary>
/// Applies the embedded, versioned SQL migrations (<c>Storage/Migrations/NNNN_name.sql</c>) at start-up, each once,
/// in order, each in its own transaction. Idempotent, and safe when several nodes start at once (advisory lock).
/// </summary>
internal sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger) : IHostedService
{
    // Any constant works; it only has to be the same on every node.
    private const long AdvisoryLockKey = 0x44415348_424F4152;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (version, name, sql) in LoadMigrations())
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, tx))
            {
                await lockCmd.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var check = new NpgsqlCommand("SELECT 1 FROM schema_migrations WHERE version = $1", connection, tx))
            {
                check.Parameters.AddWithValue(version);
                if (await check.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    continue;
                }
            }

            await using (var apply = new NpgsqlCommand(sql, connection, tx))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, tx))
            {
                record.Parameters.AddWithValue(version);
                record.Parameters.AddWithValue(name);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            LogApplied(version, name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The embedded migrations ordered by version; names are <c>NNNN_description.sql</c>.</summary>
    internal static IReadOnlyList<(int Version, string Name, string Sql)> LoadMigrations()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string prefix = "Dashboard.Storage.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^".sql".Length];
                var version = int.Parse(file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, file, reader.ReadToEnd());
            })
            .OrderBy(m => m.version)
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);
}

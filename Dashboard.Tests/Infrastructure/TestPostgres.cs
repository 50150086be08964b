using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started by the app's own launcher; every test app gets a
/// fresh database in it. Removed when the test process exits.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<EmbeddedPostgresCluster> Cluster = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? _root;

    /// <summary>The shared cluster (started on first use).</summary>
    public static EmbeddedPostgresCluster Server => Cluster.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await cmd.ExecuteNonQueryAsync();
        return Server.ConnectionStringFor(name);
    }

    private static EmbeddedPostgresCluster Start()
    {
        _root = Path.Combine(Path.GetTempPath(), $"dashboard-tests-{Environment.ProcessId}");
        var cluster = EmbeddedPostgresCluster.Start(new EmbeddedPostgresOptions { DataDirectory = _root, Ephemeral = true }, _root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Dispose();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return cluster;
    }
}

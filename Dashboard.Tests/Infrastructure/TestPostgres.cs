using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started by the app's own launcher; every test app gets a
/// fresh database in it. Stopped and deleted once the test process has ended, however it ends (normal end, Ctrl+C, kill),
/// by <see cref="TestClusterJanitor"/>; clusters that earlier runs left behind are swept at start.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<EmbeddedPostgresCluster> Cluster = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

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
        TestClusterJanitor.SweepLeftovers(Path.GetTempPath());
        var root = Path.Combine(Path.GetTempPath(), $"{TestClusterJanitor.Prefix}{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        // Before the cluster starts, so a run killed while initdb runs is cleaned up too.
        TestClusterJanitor.DeleteWhenThisProcessEnds(root);
        var cluster = EmbeddedPostgresCluster.Start(new EmbeddedPostgresOptions { DataDirectory = root, Ephemeral = true }, root);
        // Stopping PostgreSQL here when the host lets us is quicker; the watcher deletes the folder after this process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }
}

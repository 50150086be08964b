using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Benchmarks.Shared;

/// <summary>A throwaway PostgreSQL cluster (the app's own launcher) under the temp folder, removed on dispose.</summary>
internal sealed class BenchmarkPostgres : IDisposable
{
    // One folder per instance: smoke tests run several scenarios (each with its own cluster) at once in one process.
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"dashboard-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly EmbeddedPostgresCluster _cluster;

    public BenchmarkPostgres()
    {
        _cluster = EmbeddedPostgresCluster.Start(new EmbeddedPostgresOptions { DataDirectory = _root, Ephemeral = true }, _root);
    }

    /// <summary>The postmaster's process id (its children are the backends), to measure the database's CPU.</summary>
    public int PostmasterProcessId =>
        int.Parse(File.ReadLines(Path.Combine(_root, "pgdata", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await cmd.ExecuteNonQueryAsync();
        return _cluster.ConnectionStringFor(name);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}

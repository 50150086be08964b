using Dashboard.Storage;
using Npgsql;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of one test's own (not the shared <see cref="TestPostgres"/> one, which other tests use in
/// parallel), so the test can stop it and start it again on the same port. Its folder under the temp directory is
/// deleted on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Not ephemeral: <c>synchronous_commit=off</c> would let an immediate stop drop commits already acknowledged to the app,
/// which is a property of that setting, not of the app under test.
/// </remarks>
public sealed class PrivatePostgres : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _root;
    private readonly string _pgCtl;
    private readonly EmbeddedPostgresCluster _cluster;
    private readonly List<string> _databases = [];

    private PrivatePostgres(string root, EmbeddedPostgresCluster cluster)
    {
        _root = root;
        _cluster = cluster;
        _pgCtl = Path.Combine(PostgresBinaries.Locate(null), "pg_ctl");
    }

    /// <summary>Connection string to the cluster's <c>postgres</c> database as its superuser.</summary>
    public string ConnectionString => _cluster.ConnectionString;

    /// <summary>Initialises and starts a new cluster in a fresh temp folder.</summary>
    public static PrivatePostgres Start()
    {
        // Named for the janitor: swept by a later run if this one is killed, and deleted by a watcher when it ends.
        var root = Path.Combine(Path.GetTempPath(), $"{TestClusterJanitor.Prefix}{Environment.ProcessId}-fault-{Guid.NewGuid().ToString("N")[..8]}");
        TestClusterJanitor.DeleteWhenThisProcessEnds(root);
        try
        {
            return new PrivatePostgres(root, EmbeddedPostgresCluster.Start(new EmbeddedPostgresOptions { DataDirectory = root }, root));
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "f_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }

        var database = _cluster.ConnectionStringFor(name);
        lock (_databases)
        {
            _databases.Add(database);
        }

        return database;
    }

    /// <summary>
    /// Stops the server at once (<c>pg_ctl stop -m immediate</c>: every backend killed, no checkpoint, crash recovery at
    /// the next start), as a crash or a pulled cable looks to the app. Returns once the port is closed.
    /// </summary>
    public Task StopAsync() => Task.Run(() => ProcessRunner.Run(
        _pgCtl, ["-D", PgData, "-m", "immediate", "-w", "-t", "60", "stop"], CommandTimeout, asPostgresUser: true));

    /// <summary>
    /// Starts the stopped server again on the same port and waits until it accepts connections. Without fsync from then
    /// on: crash recovery's checkpoint then takes a moment instead of seconds on a busy disk, and a process crash (all
    /// these tests cause) loses nothing without fsync; only an operating-system crash would.
    /// </summary>
    public Task StartAgainAsync() => Task.Run(() => ProcessRunner.Run(
        _pgCtl,
        ["-D", PgData, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60", "-o",
            $"-p {_cluster.Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=off -c full_page_writes=off", "start"],
        CommandTimeout,
        asPostgresUser: true));

    private string PgData => Path.Combine(_root, "pgdata");

    /// <summary>Stops the cluster and deletes its folder.</summary>
    public void Dispose()
    {
        // This test's own pooled connections only (other tests' pools are not ours to touch).
        foreach (var connectionString in _databases.Append(ConnectionString))
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        }

        _cluster.Dispose();
        TryDelete(_root);
    }

    private static void TryDelete(string root)
    {
        try
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort; the folder name says which run left it.
        }
    }
}

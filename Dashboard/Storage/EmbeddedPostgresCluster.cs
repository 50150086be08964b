using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Dashboard.Storage;

/// <summary>
/// A private PostgreSQL cluster run with the machine's <c>initdb</c>/<c>pg_ctl</c> on a free loopback port.
/// Created on first use, reused across restarts (its data folder persists), stopped on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// When this process is root the cluster runs as the <c>postgres</c> user, because PostgreSQL refuses to run as root.
/// Unix sockets are disabled: only 127.0.0.1 with a generated password (SCRAM-SHA-256) reaches it.
/// </remarks>
public sealed class EmbeddedPostgresCluster : IDisposable
{
    private const string SuperUser = "dashboard";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string _pgCtl;
    private readonly string _pgData;
    private readonly FileStream _lock;
    private int _stopped;

    private EmbeddedPostgresCluster(string binDir, string root, int port, string password, FileStream folderLock)
    {
        _lock = folderLock;
        _pgCtl = Path.Combine(binDir, "pg_ctl");
        _pgData = Path.Combine(root, "pgdata");
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>The loopback TCP port the cluster listens on.</summary>
    public int Port { get; }

    /// <summary>Connection string to the cluster's <c>postgres</c> database as its superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>Returns the connection string for another database of this cluster.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>
    /// Initialises the cluster in <paramref name="options"/>' data folder if needed, then starts it and waits until it accepts connections.
    /// </summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, another process uses the folder, or initdb/pg_ctl
    /// failed; the message says which and why.</exception>
    public static EmbeddedPostgresCluster Start(EmbeddedPostgresOptions options, string defaultDataDirectory)
    {
        var binDir = PostgresBinaries.Locate(options.BinDirectory);
        var root = Path.GetFullPath(options.DataDirectory ?? defaultDataDirectory);
        Directory.CreateDirectory(root);
        var folderLock = LockFolder(root);
        try
        {
            return StartLocked(binDir, root, options, folderLock);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    private static EmbeddedPostgresCluster StartLocked(string binDir, string root, EmbeddedPostgresOptions options, FileStream folderLock)
    {
        var pgData = Path.Combine(root, "pgdata");
        var passwordFile = Path.Combine(root, "superuser.password");

        if (!File.Exists(Path.Combine(pgData, "PG_VERSION")))
        {
            Initialise(binDir, root, pgData, passwordFile);
        }

        var password = File.ReadAllText(passwordFile).Trim();
        var pgCtl = Path.Combine(binDir, "pg_ctl");

        // A previous run that was killed leaves its postmaster running. We hold the folder's lock, so no live process uses
        // it: stop it and start afresh.
        StopIfRunning(pgCtl, pgData);

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreeLoopbackPort();
            try
            {
                var settings = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300";
                if (options.Ephemeral)
                {
                    settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
                }

                ProcessRunner.Run(pgCtl, ["-D", pgData, "-l", Path.Combine(root, "postgres.log"), "-w", "-t", "60", "-o", settings, "start"], CommandTimeout, asPostgresUser: true);
                return new EmbeddedPostgresCluster(binDir, root, port, password, folderLock);
            }
            catch (InvalidOperationException ex)
            {
                // Another process may have taken the port between probing and binding: try another.
                last = ex;
            }
        }

        throw new InvalidOperationException($"The embedded PostgreSQL cluster in '{pgData}' did not start; see {Path.Combine(root, "postgres.log")}.", last);
    }

    /// <summary>Stops the cluster (fast shutdown). Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            StopIfRunning(_pgCtl, _pgData);
            _lock.Dispose();
        }
    }

    // An exclusive lock (flock on Unix) held for the cluster's life: a second app on the same folder fails at once
    // instead of stopping the first one's database.
    private static FileStream LockFolder(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, "dashboard.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another Dashboard process is using the embedded PostgreSQL cluster in '{root}'. Stop it, or give this one its own " +
                "folder with Storage:Embedded:DataDirectory, or point both at one server with ConnectionStrings:Dashboard.", ex);
        }
    }

    private static void Initialise(string binDir, string root, string pgData, string passwordFile)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(passwordFile, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (Directory.Exists(pgData))
        {
            Directory.Delete(pgData, recursive: true);
        }

        if (ProcessRunner.IsRoot)
        {
            // initdb runs as postgres: it must own the folder and read the password file.
            ProcessRunner.Run("chown", ["-R", "postgres:postgres", root], CommandTimeout, asPostgresUser: false);
        }

        ProcessRunner.Run(
            Path.Combine(binDir, "initdb"),
            ["-D", pgData, "-U", SuperUser, "--pwfile", passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            CommandTimeout,
            asPostgresUser: true);
    }

    private static void StopIfRunning(string pgCtl, string pgData)
    {
        if (!File.Exists(Path.Combine(pgData, "postmaster.pid")))
        {
            return;
        }

        try
        {
            ProcessRunner.Run(pgCtl, ["-D", pgData, "-m", "fast", "-w", "-t", "60", "stop"], CommandTimeout, asPostgresUser: true);
        }
        catch (InvalidOperationException)
        {
            // Not running (stale pid file): pg_ctl start will clean it up.
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

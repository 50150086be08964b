using Dashboard.Storage;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Storage;

/// <summary>The embedded cluster and the migrations (issue 2, item 2).</summary>
public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task Without_postgresql_binaries_the_app_fails_at_once_naming_what_to_install()
    {
        var (exit, stdout, stderr) = await AppProcess.RunAsync(
            ["--Storage:Embedded:BinDirectory=/nonexistent/postgresql/bin", "--Auth:SigningKey=" + new string('k', 32)],
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exit);
        Assert.Contains("apt-get install postgresql", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Dashboard", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_up_that_fails_after_the_cluster_started_still_stops_it_and_names_the_key()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dashboard-failstart-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (exit, stdout, stderr) = await AppProcess.RunAsync(
                [$"--Storage:Embedded:DataDirectory={folder}", "--Storage:Embedded:Ephemeral=true", "--Auth:SigningKey=" + new string('k', 32), "--Realtime:AuthTimeoutSeconds=0"],
                TimeSpan.FromSeconds(90));

            Assert.NotEqual(0, exit);
            Assert.Contains("Realtime:AuthTimeoutSeconds", stdout + stderr, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "pgdata", "PG_VERSION")), "the cluster was created before validation failed");
            Assert.False(File.Exists(Path.Combine(folder, "pgdata", "postmaster.pid")), "the cluster is still running");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_second_app_on_the_same_data_folder_fails_at_once_instead_of_stopping_the_first()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dashboard-lock-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new EmbeddedPostgresOptions { DataDirectory = folder, Ephemeral = true };
        try
        {
            using var first = EmbeddedPostgresCluster.Start(options, folder);
            var ex = Assert.Throws<InvalidOperationException>(() => EmbeddedPostgresCluster.Start(options, folder));
            Assert.Contains("Storage:Embedded:DataDirectory", ex.Message, StringComparison.Ordinal);

            using var connection = new NpgsqlConnection(first.ConnectionString);
            connection.Open();
            Assert.Equal(1, new NpgsqlCommand("SELECT 1", connection).ExecuteScalar());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Migrations_are_versioned_and_idempotent()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runner = new MigrationRunner(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance);

        await runner.StartAsync(CancellationToken.None);
        await runner.StartAsync(CancellationToken.None);

        await using var cmd = dataSource.CreateCommand("SELECT array_agg(version ORDER BY version) FROM schema_migrations");
        var applied = (int[])(await cmd.ExecuteScalarAsync())!;
        Assert.Equal(MigrationRunner.LoadMigrations().Select(m => m.Version), applied);
        Assert.Equal(applied.Distinct(), applied);
    }

    [Fact]
    public void The_shared_test_cluster_listens_on_loopback_only_with_a_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.Server.ConnectionString);
        Assert.Equal("127.0.0.1", builder.Host);
        Assert.False(string.IsNullOrEmpty(builder.Password));
    }
}

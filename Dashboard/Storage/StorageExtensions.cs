using Npgsql;

namespace Dashboard.Storage;

/// <summary>Registers PostgreSQL access: one <see cref="NpgsqlDataSource"/>, the embedded cluster when needed, and migrations.</summary>
public static class StorageExtensions
{
    /// <summary>
    /// Uses <c>ConnectionStrings:Dashboard</c> when set; otherwise starts the embedded cluster now (so that every later
    /// registration, Quartz's store included, sees its connection string) and stops it when the host is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">No connection string and no PostgreSQL binaries on the machine.</exception>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Dashboard");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var options = builder.Configuration.GetSection(EmbeddedPostgresOptions.SectionName).Get<EmbeddedPostgresOptions>() ?? new();
            var cluster = EmbeddedPostgresCluster.Start(options, Path.Combine(builder.Environment.ContentRootPath, ".data", "postgres"));
            builder.Services.AddSingleton(cluster);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();

            // Start-up can still fail after this point (options validation, migrations); the host then never reaches
            // ApplicationStopped, so the process's exit stops the cluster too. Dispose is idempotent.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
            AppDomain.CurrentDomain.UnhandledException += (_, _) => cluster.Dispose();
            connectionString = cluster.ConnectionString;
            builder.Configuration["ConnectionStrings:Dashboard"] = connectionString;
        }

        var finalConnectionString = DataSourceConnectionString.From(connectionString);
        builder.Services.AddSingleton(sp => new NpgsqlDataSourceBuilder(finalConnectionString)
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
            .Build());

        // Registered before every other hosted service so the schema exists before jobs or ingestion run.
        builder.Services.AddHostedService<MigrationRunner>();
        return builder;
    }
}

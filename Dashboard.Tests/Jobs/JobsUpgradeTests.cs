using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Jobs;

/// <summary>A database whose Quartz schema predates the execution history (an existing deployment) gets its tables at start.</summary>
public sealed class JobsUpgradeTests
{
    [Fact]
    public async Task The_history_tables_are_created_on_a_database_provisioned_without_them()
    {
        var first = new JobsServer();
        await first.InitializeAsync();
        await first.DisposeAsync();
        await using (var connection = new NpgsqlConnection(first.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP TABLE qrtz_execution_history, qrtz_misfire_history, qrtz_job_status", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var restarted = DashboardServer.NodeOf(first);
        await restarted.InitializeAsync();
        try
        {
            using var http = restarted.Http(restarted.Token(Tenants.New()));
            await JobsServer.WaitForJobAsync(
                http, "campaign_metrics", d => d.GetProperty("job").GetProperty("lastRun").ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(20));
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }
}

using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Npgsql;
using System.Text.Json;

namespace Dashboard.Tests.Jobs;

/// <summary>A database written by an earlier build (an existing deployment) keeps its jobs running after an upgrade.</summary>
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

    [Fact]
    public async Task Jobs_stored_under_the_class_names_of_an_earlier_build_still_run()
    {
        var first = new JobsServer();
        await first.InitializeAsync();
        await first.DisposeAsync();

        // What a store written before the jobs moved into their feature folders holds; stored job details are never
        // rewritten, so these names stay in qrtz_job_details after an upgrade (docs/jobs.md).
        var earlier = new Dictionary<string, string>
        {
            ["campaign_metrics"] = "Dashboard.Metrics.CampaignMetricsJob, Dashboard",
            ["system_health"] = "Dashboard.Metrics.SystemHealthJob, Dashboard",
            ["call_stats"] = "Dashboard.Metrics.Calls.CallStatsJob, Dashboard",
            ["rollup"] = "Dashboard.Metrics.Rollups.RollupJob, Dashboard",
            ["retention"] = "Dashboard.Metrics.Retention.RetentionJob, Dashboard",
        };
        await using (var connection = new NpgsqlConnection(first.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var (job, type) in earlier)
            {
                await using var update = new NpgsqlCommand("UPDATE qrtz_job_details SET job_class_name = $1 WHERE job_name = $2", connection);
                update.Parameters.AddWithValue(type);
                update.Parameters.AddWithValue(job);
                Assert.Equal(1, await update.ExecuteNonQueryAsync());
            }
        }

        var restarted = DashboardServer.NodeOf(first);
        await restarted.InitializeAsync();
        try
        {
            using var http = restarted.Http(restarted.Token(Tenants.New(), $"{Scopes.Read} {Scopes.Admin}"));
            // The tick and system health fire on their schedule; the others are fired now, through the same stored detail.
            foreach (var job in new[] { "call_stats", "rollup", "retention" })
            {
                Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.PostAsync($"/api/v1/jobs/{job}/trigger", null)).StatusCode);
            }

            foreach (var job in earlier.Keys)
            {
                await JobsServer.WaitForJobAsync(
                    http, job, d => d.GetProperty("job").GetProperty("lastRun") is { ValueKind: JsonValueKind.Object } run
                        && run.GetProperty("firedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1)
                        && run.GetProperty("outcome").GetString() == "succeeded",
                    TimeSpan.FromSeconds(30));
            }

            await using var connection = new NpgsqlConnection(first.ConnectionString);
            await connection.OpenAsync();
            await using var errors = new NpgsqlCommand("SELECT count(*) FROM qrtz_triggers WHERE trigger_state = 'ERROR'", connection);
            Assert.Equal(0L, (long)(await errors.ExecuteScalarAsync())!);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }
}

using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Npgsql;
using System.Net;

namespace Dashboard.Tests.Jobs;

/// <summary>The jobs API on a cluster: one history and one pause state whichever node answers; Trigger now runs once.</summary>
public sealed class JobsClusterTests(TwoNodes<JobsServer> nodes) : IClassFixture<TwoNodes<JobsServer>>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_run_triggered_on_one_node_runs_once_in_the_cluster_and_shows_on_the_other()
    {
        using var a = nodes.A.Http(nodes.A.AdminToken());
        using var b = nodes.B.Http(nodes.B.Token(Tenants.New(), Scopes.Read));

        Assert.Equal(HttpStatusCode.Accepted, (await a.PostAsync("/api/v1/jobs/rollup/trigger", null)).StatusCode);

        var detail = await JobsServer.WaitForJobAsync(b, "rollup", d => d.GetProperty("runs").EnumerateArray().Any(r => r.GetProperty("manual").GetBoolean()), Deadline);
        Assert.Single(detail.GetProperty("runs").EnumerateArray(), r => r.GetProperty("manual").GetBoolean());
        await using var connection = new NpgsqlConnection(nodes.A.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM qrtz_execution_history WHERE job_name = 'rollup' AND manual", connection);
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_pause_on_one_node_is_the_state_every_node_reports()
    {
        using var a = nodes.A.Http(nodes.A.AdminToken());
        using var b = nodes.B.Http(nodes.B.Token(Tenants.New(), $"{Scopes.Read} {Scopes.Admin}"));

        Assert.Equal(HttpStatusCode.NoContent, (await b.PostAsync("/api/v1/jobs/call_stats/pause", null)).StatusCode);
        Assert.Equal("paused", (await JobsServer.JobAsync(a, "call_stats")).GetProperty("job").GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await a.PostAsync("/api/v1/jobs/call_stats/resume", null)).StatusCode);
        Assert.NotEqual("paused", (await JobsServer.JobAsync(b, "call_stats")).GetProperty("job").GetProperty("state").GetString());
    }
}

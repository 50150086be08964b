using System.Net;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Npgsql;

namespace Dashboard.Tests.Jobs;

/// <summary><c>/api/v1/jobs</c> against the real clustered scheduler and its history in PostgreSQL.</summary>
public sealed class JobsApiTests(JobsServer server) : IClassFixture<JobsServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly string[] Running = ["normal", "running"];
    private static readonly string[] AllJobs = ["alert_evaluation", "call_stats", "campaign_metrics", "retention", "rollup", "system_health"];

    [Fact]
    public async Task The_list_shows_every_recurring_job_with_its_schedule_and_next_run_and_runs_from_the_shared_history()
    {
        using var http = server.Http(server.Token(Tenants.New()));
        await JobsServer.WaitForJobAsync(http, "campaign_metrics", d => d.GetProperty("job").GetProperty("lastRun").ValueKind == JsonValueKind.Object, Deadline);

        var report = await (await http.GetAsync("/api/v1/jobs")).JsonAsync();
        var jobs = report.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!);
        Assert.Equal(AllJobs, jobs.Keys.Order(StringComparer.Ordinal));
        foreach (var job in jobs.Values)
        {
            Assert.Contains(job.GetProperty("state").GetString(), Running);
            Assert.True(job.GetProperty("nextRunAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-5), job.ToString());
            Assert.False(string.IsNullOrWhiteSpace(job.GetProperty("description").GetString()));
            Assert.Equal("interval", job.GetProperty("schedule").GetProperty("kind").GetString());
        }

        Assert.Equal("every 1 s", jobs["system_health"].GetProperty("schedule").GetProperty("text").GetString());
        Assert.Equal("every 1 h", jobs["retention"].GetProperty("schedule").GetProperty("text").GetString());
        Assert.Equal("every 5 min", jobs["rollup"].GetProperty("schedule").GetProperty("text").GetString());

        var last = jobs["campaign_metrics"].GetProperty("lastRun");
        Assert.Equal("succeeded", last.GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(last.GetProperty("node").GetString()));
        Assert.True(last.GetProperty("durationMs").GetDouble() >= 0);
        Assert.True(jobs["campaign_metrics"].GetProperty("runCount").GetInt64() >= 1);

        // The history is Quartz's own table in the cluster's database, not this node's memory.
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM qrtz_execution_history WHERE job_name = 'campaign_metrics'", connection);
        Assert.True((long)(await cmd.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task Trigger_now_runs_the_job_once_and_its_last_run_changes()
    {
        using var http = server.Http(server.AdminToken());
        // Retention runs once at start-up, then hourly: a new run within seconds can only be the one asked for.
        var before = await JobsServer.WaitForJobAsync(http, "retention", d => d.GetProperty("job").GetProperty("lastRun").ValueKind == JsonValueKind.Object, Deadline);
        var firedBefore = before.GetProperty("job").GetProperty("lastRun").GetProperty("firedAt").GetDateTimeOffset();

        var response = await http.PostAsync("/api/v1/jobs/retention/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var requestedAt = (await response.JsonAsync()).GetProperty("requestedAt").GetDateTimeOffset();

        var after = await JobsServer.WaitForJobAsync(
            http, "retention", d => d.GetProperty("job").GetProperty("lastRun").GetProperty("firedAt").GetDateTimeOffset() > firedBefore, Deadline);
        var run = after.GetProperty("runs")[0];
        Assert.True(run.GetProperty("manual").GetBoolean());
        Assert.True(run.GetProperty("firedAt").GetDateTimeOffset() >= requestedAt.AddSeconds(-1));
        Assert.Equal("succeeded", run.GetProperty("outcome").GetString());
        Assert.Equal(1, after.GetProperty("runs").EnumerateArray().Count(r => r.GetProperty("manual").GetBoolean()));
        var listed = (await (await http.GetAsync("/api/v1/jobs")).JsonAsync()).GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "retention");
        Assert.True(listed.GetProperty("lastRun").GetProperty("manual").GetBoolean());
    }

    [Fact]
    public async Task Pause_stops_the_firings_on_the_cluster_and_resume_restarts_them()
    {
        using var http = server.Http(server.AdminToken());
        await JobsServer.WaitForJobAsync(http, "system_health", d => d.GetProperty("job").GetProperty("runCount").GetInt64() >= 1, Deadline);

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/api/v1/jobs/system_health/pause", null)).StatusCode);
        var pausedAt = DateTimeOffset.UtcNow;
        var paused = (await JobsServer.JobAsync(http, "system_health")).GetProperty("job");
        Assert.Equal("paused", paused.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("nextRunAt").ValueKind);
        Assert.Equal(JobsServer.Admin, paused.GetProperty("pause").GetProperty("by").GetString());
        await (await http.PostAsync("/api/v1/jobs/system_health/pause", null)).AssertProblemAsync(409);

        // Absence can only be seen over time: wait until the scheduler demonstrably had three 1 s chances to fire it (the
        // 1 s campaign_metrics job fired three times since), not a fixed sleep a busy machine could spend not scheduling.
        await JobsServer.WaitForJobAsync(http, "campaign_metrics", d => d.GetProperty("runs").EnumerateArray().Count(
            r => !r.GetProperty("manual").GetBoolean() && r.GetProperty("firedAt").GetDateTimeOffset() > pausedAt.AddSeconds(1)) >= 3, Deadline);
        var quiet = await JobsServer.JobAsync(http, "system_health");
        Assert.DoesNotContain(
            quiet.GetProperty("runs").EnumerateArray(),
            r => !r.GetProperty("manual").GetBoolean() && r.GetProperty("firedAt").GetDateTimeOffset() > pausedAt.AddSeconds(1));

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/api/v1/jobs/system_health/resume", null)).StatusCode);
        var resumedAt = DateTimeOffset.UtcNow;
        Assert.Contains((await JobsServer.JobAsync(http, "system_health")).GetProperty("job").GetProperty("state").GetString(), Running);
        await (await http.PostAsync("/api/v1/jobs/system_health/resume", null)).AssertProblemAsync(409);
        await JobsServer.WaitForJobAsync(
            http, "system_health", d => d.GetProperty("job").GetProperty("lastRun").GetProperty("firedAt").GetDateTimeOffset() >= resumedAt, Deadline);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("trigger")]
    public async Task Actions_need_the_admin_scope(string action)
    {
        using var reader = server.Http(server.Token(Tenants.New(), Scopes.Read));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/v1/jobs/rollup/{action}", null)).StatusCode);
        using var anonymous = server.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/jobs/rollup/{action}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/jobs")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/jobs/nope")]
    [InlineData("POST", "/api/v1/jobs/nope/pause")]
    [InlineData("POST", "/api/v1/jobs/nope/resume")]
    [InlineData("POST", "/api/v1/jobs/nope/trigger")]
    public async Task An_unknown_job_is_404_problem_json(string method, string url)
    {
        using var http = server.Http(server.AdminToken());
        var problem = await (await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).AssertProblemAsync(404);
        Assert.Contains("nope", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_jobs_endpoints_with_their_answers()
    {
        using var http = server.Http();
        var paths = (await (await http.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");

        foreach (var (path, method, operationId, statuses) in new[]
        {
            ("/api/v1/jobs", "get", "GetJobs", new[] { "200", "401", "403" }),
            ("/api/v1/jobs/{name}", "get", "GetJob", ["200", "404", "401"]),
            ("/api/v1/jobs/{name}/pause", "post", "PauseJob", ["204", "404", "409", "403"]),
            ("/api/v1/jobs/{name}/resume", "post", "ResumeJob", ["204", "404", "409", "403"]),
            ("/api/v1/jobs/{name}/trigger", "post", "TriggerJob", ["202", "404", "403"]),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
            foreach (var status in statuses)
            {
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {path} {status}");
            }
        }
    }
}

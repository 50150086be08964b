using System.Text.Json;
using Npgsql;

namespace Dashboard.Tests.Jobs;

/// <summary>A run that really fails (the database refuses the retention job's delete) shows with its error.</summary>
public sealed class JobFailureTests(FailingJobsServer server) : IClassFixture<FailingJobsServer>
{
    private const string Refusal = "test: deletes from events are refused";

    [Fact]
    public async Task A_failing_run_shows_its_error_in_the_list_and_the_history()
    {
        // Only the retention job deletes events; a statement trigger fires even when no row matches.
        await ExecuteAsync($"""
            CREATE FUNCTION refuse_event_deletes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{Refusal}'; END $$;
            CREATE TRIGGER refuse_event_deletes BEFORE DELETE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_deletes();
            """);
        try
        {
            using var http = server.Http(server.AdminToken());
            (await http.PostAsync("/api/v1/jobs/retention/trigger", null)).EnsureSuccessStatusCode();

            // Quartz records a run in its history row and in the job's status row separately: wait for both.
            var detail = await JobsServer.WaitForJobAsync(
                http,
                "retention",
                d => d.GetProperty("failures").GetArrayLength() > 0 && d.GetProperty("job").GetProperty("failureCount").GetInt64() >= 1,
                TimeSpan.FromSeconds(20));
            var failure = detail.GetProperty("failures")[0];
            Assert.Equal("failed", failure.GetProperty("outcome").GetString());
            Assert.Contains(Refusal, failure.GetProperty("error").GetString()!, StringComparison.Ordinal);

            var job = detail.GetProperty("job");
            Assert.True(job.GetProperty("failureCount").GetInt64() >= 1);
            Assert.Contains(Refusal, job.GetProperty("lastFailure").GetProperty("message").GetString()!, StringComparison.Ordinal);
            Assert.Equal("failed", job.GetProperty("lastRun").GetProperty("outcome").GetString());
            Assert.Equal(JsonValueKind.Object, job.GetProperty("lastRun").ValueKind);
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER refuse_event_deletes ON events; DROP FUNCTION refuse_event_deletes();");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}

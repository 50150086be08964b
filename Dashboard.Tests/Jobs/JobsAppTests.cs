using Dashboard.Jobs;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using NpgsqlTypes;
using System.Net;
using System.Text.Json;

namespace Dashboard.Tests.Jobs;

public sealed class JobsAppTests(JobsServer server) : IClassFixture<JobsServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Quartz_folds_inserted_events_and_publishes_campaign_metrics()
    {
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        var campaign = new RecordingSubscriber().Subscribe(hub, "app", Topics.Campaign("c-q"));
        var now = DateTime.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            await InsertAsync("call.started", now, new { callId = $"q{i}", campaignId = "c-q", direction = "outbound" });
        }

        await InsertAsync("call.answered", now, new { callId = "q0" });
        await InsertAsync("call.ended", now, new { callId = "q1", outcome = "busy" });

        var update = await campaign.WaitForAsync(
            m => m.Type == "metrics_update" && RecordingSubscriber.Data(m).GetProperty("totalAttempts").GetInt64() == 3,
            Deadline);
        var data = RecordingSubscriber.Data(update);
        Assert.True(update.IsSnapshot);
        Assert.Equal("c-q", data.GetProperty("campaignId").GetString());
        Assert.Equal(1, data.GetProperty("answered").GetInt64());
        Assert.Equal(1, data.GetProperty("busy").GetInt64());
        Assert.Equal(2, data.GetProperty("activeCalls").GetInt32());
        Assert.Equal(JsonValueKind.Number, data.GetProperty("answerRate").ValueKind);
        Assert.Equal(0, data.GetProperty("conversionRate").GetDouble());
    }

    [Fact]
    public async Task System_health_is_published_to_tenants_with_state()
    {
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        var system = new RecordingSubscriber().Subscribe(hub, "ops", Topics.System);
        await InsertAsync("campaign.updated", DateTime.UtcNow, new { campaignId = "c-ops", name = "Ops" });

        var health = RecordingSubscriber.Data(await system.WaitForAsync(m => m.Type == "system_health_update", Deadline));
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), health.GetProperty("node").GetString(), StringComparison.Ordinal);
        Assert.True(health.GetProperty("workingSetBytes").GetInt64() > 0);
        Assert.True(health.GetProperty("managedHeapBytes").GetInt64() > 0);
        Assert.Equal(0, health.GetProperty("connections").GetProperty("sse").GetInt64());
        Assert.InRange(health.GetProperty("cpuPercent").GetDouble(), 0, 100);
    }

    [Fact]
    public async Task Quartz_schema_is_provisioned_and_readyz_reports_the_started_scheduler()
    {
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM qrtz_triggers WHERE trigger_name IN ('campaign_metrics', 'system_health')", connection);
            Assert.Equal(2L, await cmd.ExecuteScalarAsync());
        }

        using var http = server.Http();
        var deadline = DateTime.UtcNow + Deadline;
        HttpStatusCode status;
        do
        {
            status = (await http.GetAsync("/readyz")).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        var report = await server.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, report.Entries[JobsExtensions.HealthCheckName].Status);
    }

    private async Task InsertAsync(string type, DateTime time, object data)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("INSERT INTO events (tenant, source, event_id, type, time, data) VALUES ($1, 'test', $2, $3, $4, $5)", connection);
        cmd.Parameters.AddWithValue(type == "campaign.updated" ? "ops" : "app");
        cmd.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
        cmd.Parameters.AddWithValue(type);
        cmd.Parameters.AddWithValue(time);
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(data, JsonDefaults.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync();
    }
}

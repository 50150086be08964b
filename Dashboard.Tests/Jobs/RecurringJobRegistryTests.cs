using Dashboard.Jobs;
using Dashboard.Rollups;
using Dashboard.Tick;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Jobs;

/// <summary>A feature's recurring job is scheduled only if declared before <c>AddJobs</c>, and names stay unique (docs/jobs.md).</summary>
public sealed class RecurringJobRegistryTests
{
    [Fact]
    public void A_job_declared_after_AddJobs_or_under_a_taken_name_is_refused_at_start_up()
    {
        var registry = new RecurringJobRegistry();
        registry.Add(new RecurringJob("one", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.FastIntervalSeconds, "first"), typeof(TickJob));

        var twice = Assert.Throws<InvalidOperationException>(() => registry.Add(new RecurringJob("one", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.StatsIntervalSeconds, "again"), typeof(RollupJob)));
        Assert.Contains("'one'", twice.Message);

        Assert.Equal(["one"], registry.Close().Select(j => j.Job.Name));
        var late = Assert.Throws<InvalidOperationException>(() => registry.Add(new RecurringJob("two", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.StatsIntervalSeconds, "late"), typeof(RollupJob)));
        Assert.Contains("after AddJobs", late.Message);
    }

    [Fact]
    public void Every_feature_job_keeps_its_stored_name_and_group()
    {
        // Stored triggers, the execution history and the dashboard_job_* label are keyed by these; renaming one orphans them.
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:Dashboard"] = "Host=127.0.0.1;Database=unused";
        builder.AddTick();
        builder.AddRollups();
        var jobs = RecurringJobRegistry.Of(builder.Services).Jobs;
        Assert.Equal([("campaign_metrics", typeof(TickJob)), ("rollup", typeof(RollupJob))], jobs.Select(j => (j.Job.Name, j.JobType)));
        Assert.All(jobs, j => Assert.Equal("metrics", j.Job.Key.Group));
    }
}

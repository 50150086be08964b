using Dashboard.Metrics.Calls;
using Dashboard.Metrics.DeadLetters;
using Dashboard.Metrics.Retention;
using Dashboard.Metrics.Rollups;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Dashboard.Metrics;

/// <summary>Registers the Quartz.NET scheduler and the recurring metric jobs.</summary>
public static class MetricJobsExtensions
{
    /// <summary>Name of the readiness check (tag <c>ready</c>) that is healthy once the scheduler runs and reaches its store.</summary>
    public const string HealthCheckName = "scheduler";

    /// <summary>
    /// Adds Quartz with its clustered PostgreSQL store (schema created when missing, System.Text.Json serialisation),
    /// the campaign metrics job (every <c>Jobs:FastIntervalSeconds</c>), the system health job (every
    /// <c>Jobs:SystemIntervalSeconds</c>), the call statistics job (every <c>Jobs:StatsIntervalSeconds</c>), the roll-up
    /// and retention jobs (<c>Jobs:RollupIntervalSeconds</c>, <c>Jobs:RetentionIntervalSeconds</c>, settings
    /// <c>Retention:*</c>) and the scheduler's readiness check.
    /// </summary>
    /// <remarks>Call after <c>AddStorage</c> (which sets <c>ConnectionStrings:Dashboard</c>) and <c>AddObservability</c>.</remarks>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Jobs:*</c> or <c>Retention:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddMetricJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        builder.Services.AddOptions<QueueMetricsOptions>().BindConfiguration(QueueMetricsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<QueueMetricsOptions>, QueueMetricsOptionsValidator>();

        builder.Services.AddOptions<PayloadOptions>().BindConfiguration(PayloadOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PayloadOptions>, PayloadOptionsValidator>();
        builder.Services.AddSingleton<FoldRowReader>();
        builder.Services.AddSingleton<EventFolder>();
        builder.Services.AddSingleton<TenantIsolation>();
        builder.Services.AddSingleton<TenantChanges>();
        builder.Services.AddSingleton<CampaignMetricsCalculator>();
        builder.Services.AddSingleton<CampaignMetricsPublisher>();
        builder.Services.AddSingleton<CampaignMetricsRunner>();
        builder.Services.AddSingleton<Queues.QueueMetricsCalculator>();
        builder.Services.AddSingleton<Queues.QueueMetricsPublisher>();
        builder.Services.AddSingleton<SystemHealthSampler>();
        builder.Services.AddSingleton<CallWindowReader>();
        builder.Services.AddSingleton<CallWindowCalculator>();
        builder.Services.AddSingleton<CallStatsPublisher>();
        builder.Services.AddSingleton<CallStatsRunner>();
        builder.Services.AddRollupAndRetention();
        builder.AddDeadLetters();

        var connectionString = builder.Configuration.GetConnectionString("Dashboard")
            ?? throw new InvalidOperationException("ConnectionStrings:Dashboard is not set; call AddStorage before AddMetricJobs.");
        var schedulerName = builder.Configuration[$"{JobsOptions.SectionName}:{nameof(JobsOptions.SchedulerName)}"] is { Length: > 0 } configured
            ? configured
            : new JobsOptions().SchedulerName;

        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = schedulerName;
                // Unique per node, as clustering requires (3.x: quartz.scheduler.instanceId = AUTO).
                s.GenerateInstanceId = true;
            });
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(NpgsqlFactory.Instance, connectionString);
                s.UseClustering();
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
                // Every node writes its runs into qrtz_execution_history / qrtz_job_status (created by ProvisionSchema),
                // so the Jobs page reads one cluster-wide history whichever node answers (docs/jobs.md).
                s.UseExecutionHistory();
            });

            AddRecurringJob<CampaignMetricsJob>(q, CampaignMetricsJob.Key, o => o.FastIntervalSeconds,
                "Folds new events and publishes campaign metrics, active calls and queue metrics (the tick).");
            AddRecurringJob<SystemHealthJob>(q, SystemHealthJob.Key, o => o.SystemIntervalSeconds,
                "Samples the node's health (CPU, memory, connections) and publishes it on the system topic.");
            AddRecurringJob<CallStatsJob>(q, CallStatsJob.Key, o => o.StatsIntervalSeconds,
                "Computes windowed call metrics, calls per hour and agent performance.");
            AddRecurringJob<RollupJob>(q, RollupJob.Key, o => o.RollupIntervalSeconds,
                "Rolls ended calls up into hourly and daily totals kept past retention.");
            AddRecurringJob<RetentionJob>(q, RetentionJob.Key, o => o.RetentionIntervalSeconds,
                "Deletes events, calls and roll-up rows older than the retention settings.");
        });
        builder.Services.AddQuartzExecutionHistory(_ => { });
        builder.Services.AddOptions<ExecutionHistoryOptions>().Configure<IOptions<JobsOptions>>((history, jobs) =>
        {
            // Bounded per job (failures are exempt from the per-job cap, so a 1 s job cannot push its own errors out),
            // and per scheduler as the backstop; failures are kept longer than successes.
            history.MaxEntriesPerJob = jobs.Value.HistoryRunsPerJob;
            history.MaxEntriesPerScheduler = Math.Max(2000, jobs.Value.HistoryRunsPerJob * 20);
            history.Retention = TimeSpan.FromDays(1);
            history.RetentionByResult[JobRunResult.Failed] = TimeSpan.FromDays(7);
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        builder.Services.AddHealthChecks().AddQuartz(o =>
        {
            o.Name = HealthCheckName;
            o.Tags.Add("ready");
            // Readiness means "jobs are running here": a scheduler in standby is not ready.
            o.StandbyStatus = HealthStatus.Unhealthy;
        });
        return builder;
    }

    private static void AddRecurringJob<TJob>(IQuartzBuilder q, JobKey key, Func<JobsOptions, int> intervalSeconds, string description)
        where TJob : IJob
    {
        q.AddJob<TJob>(j => j.WithIdentity(key).WithDescription(description));
        q.AddTrigger((sp, t) => t
            .ForJob(key)
            .WithIdentity(key.Name, key.Group)
            .StartNow()
            .WithSimpleSchedule(s => s
                .WithInterval(TimeSpan.FromSeconds(intervalSeconds(sp.GetRequiredService<IOptions<JobsOptions>>().Value)))
                .RepeatForever()
                // A missed tick is skipped, never caught up: after a pause, a burst of stale runs would only repeat
                // the same fold and publish the same snapshots.
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}

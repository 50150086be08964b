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

            AddRecurringJob<CampaignMetricsJob>(q, RecurringJobs[0],
                "Folds new events and publishes campaign metrics, active calls and queue metrics (the tick).");
            AddRecurringJob<SystemHealthJob>(q, RecurringJobs[1],
                "Samples the node's health (CPU, memory, connections) and publishes it on the system topic.");
            AddRecurringJob<CallStatsJob>(q, RecurringJobs[2],
                "Computes windowed call metrics, calls per hour and agent performance.");
            AddRecurringJob<RollupJob>(q, RecurringJobs[3],
                "Rolls ended calls up into hourly and daily totals kept past retention.");
            AddRecurringJob<RetentionJob>(q, RecurringJobs[4],
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
        ConfigureFailover(builder.Services);
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        // After Quartz's hosted service, so the scheduler (and the declared triggers) exist when it runs.
        builder.Services.AddSingleton(new RecurringTriggerReconciler.Declared(RecurringJobs));
        builder.Services.AddHostedService<RecurringTriggerReconciler>();

        builder.Services.AddHealthChecks().AddQuartz(o =>
        {
            o.Name = HealthCheckName;
            o.Tags.Add("ready");
            // Readiness means "jobs are running here": a scheduler in standby is not ready.
            o.StandbyStatus = HealthStatus.Unhealthy;
        });
        return builder;
    }

    // The recurring jobs and where each one's interval comes from; the reconciler compares stored triggers to these.
    private static readonly RecurringJob[] RecurringJobs =
    [
        new(CampaignMetricsJob.Key, o => o.FastIntervalSeconds),
        new(SystemHealthJob.Key, o => o.SystemIntervalSeconds),
        new(CallStatsJob.Key, o => o.StatsIntervalSeconds),
        new(RollupJob.Key, o => o.RollupIntervalSeconds),
        new(RetentionJob.Key, o => o.RetentionIntervalSeconds),
    ];

    private static void AddRecurringJob<TJob>(IQuartzBuilder q, RecurringJob job, string description)
        where TJob : IJob
    {
        q.AddJob<TJob>(j => j.WithIdentity(job.Key).WithDescription(description));
        q.AddTrigger<IJob>((sp, t) => RecurringTriggerReconciler.Configure(t, job, sp.GetRequiredService<IOptions<JobsOptions>>().Value).StartNow());
    }

    // Failover (docs/jobs.md): how fast a dead node is found and its triggers taken over, and how late a firing may be
    // before it is skipped. Quartz's defaults (check-in 7.5 s + 7.5 s, misfire threshold 60 s) let the 1 s tick stall for
    // 10-20 s and then run every missed firing back to back, since a firing under 60 s late is not a misfire.
    private static void ConfigureFailover(IServiceCollection services)
    {
        services.AddOptions<ClusteringOptions>().Configure<IOptions<JobsOptions>>((clustering, jobs) =>
        {
            clustering.CheckinInterval = TimeSpan.FromMilliseconds(jobs.Value.ClusterCheckinIntervalMilliseconds);
            clustering.CheckinMisfireThreshold = TimeSpan.FromMilliseconds(jobs.Value.ClusterCheckinMisfireThresholdMilliseconds);
        });
        services.AddOptions<AdoJobStoreOptions>().Configure<IOptions<JobsOptions>>((store, jobs) =>
        {
            // The misfire sweep runs as often as the threshold (Quartz's default frequency), so a trigger released by
            // recovery far in the past is moved to its next slot within one threshold rather than one minute.
            store.MisfireThreshold = TimeSpan.FromMilliseconds(jobs.Value.MisfireThresholdMilliseconds);
        });
        services.Configure<QuartzOptions>(quartz =>
        {
            // A node that starts must not rewrite the stored triggers: a rewrite restarts the schedule's phase at that
            // node's start (an extra firing) and can race a firing on another node. Changed schedules are applied by
            // RecurringTriggerReconciler instead, keeping the phase.
            quartz.Scheduling.IgnoreDuplicates = true;
        });
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Dashboard.Jobs;

/// <summary>
/// Scheduling (docs/jobs.md): the clustered Quartz.NET scheduler, the recurring jobs the features declare with
/// <see cref="AddRecurringJob{TJob}"/>, their history and readiness check, and the jobs API.
/// </summary>
public static class JobsExtensions
{
    /// <summary>Name of the readiness check (tag <c>ready</c>) that is healthy once the scheduler runs and reaches its store.</summary>
    public const string HealthCheckName = "scheduler";

    /// <summary>
    /// Declares a recurring job: Quartz runs <typeparamref name="TJob"/> every <see cref="RecurringJob.IntervalSeconds"/>
    /// on one node of the cluster. A feature's <c>AddXxx</c> calls this for the jobs it owns.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="AddJobs"/> has already run, or the name is taken.</exception>
    internal static WebApplicationBuilder AddRecurringJob<TJob>(this WebApplicationBuilder builder, RecurringJob job)
        where TJob : RecordedJob
    {
        RecurringJobRegistry.Of(builder.Services).Add(job, typeof(TJob));
        return builder;
    }

    /// <summary>
    /// Adds Quartz with its clustered PostgreSQL store (schema created when missing, System.Text.Json serialisation), every
    /// recurring job declared so far (each every <c>Jobs:*IntervalSeconds</c>), the execution history, the
    /// <c>Jobs:*</c> options, the scheduler's readiness check and the jobs API's services.
    /// </summary>
    /// <remarks>
    /// Call after <c>AddStorage</c> (which sets <c>ConnectionStrings:Dashboard</c>), <c>AddObservability</c> and every
    /// feature that declares a recurring job: a job declared later is refused.
    /// </remarks>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Jobs:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        builder.Services.AddSingleton<JobServices>();
        builder.Services.AddSingleton<JobsReader>();
        builder.Services.AddSingleton<JobsControl>();
        var jobs = RecurringJobRegistry.Of(builder.Services).Close();

        var connectionString = builder.Configuration.GetConnectionString("Dashboard")
            ?? throw new InvalidOperationException("ConnectionStrings:Dashboard is not set; call AddStorage before AddJobs.");

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

            // A job class that moved keeps working on a store written before the move (RecurringJob.FormerTypeNames).
            q.UseTypeLoader(loader =>
            {
                foreach (var (job, type) in jobs)
                {
                    foreach (var former in job.FormerTypeNames)
                    {
                        loader.Map(former, type);
                    }
                }
            });
            foreach (var (job, type) in jobs)
            {
                q.AddJob(type, j => j.WithIdentity(job.Key).WithDescription(job.Description));
                q.AddTrigger((sp, t) => RecurringTriggerReconciler.Configure(t, job, sp).StartNow());
            }
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
        builder.Services.AddSingleton(new RecurringTriggerReconciler.Declared([.. jobs.Select(j => j.Job)]));
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

    /// <summary>Maps the jobs API (<see cref="JobsEndpoints"/>).</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        JobsEndpoints.Map(app);
        return app;
    }
}

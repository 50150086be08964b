using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Extensibility;

namespace Dashboard.Jobs;

/// <summary>
/// Reads the recurring jobs from the Quartz scheduler (schedule, state, next run) and from Quartz's execution history in
/// PostgreSQL (<c>qrtz_execution_history</c>, <c>qrtz_job_status</c>), which every node of the cluster writes, so any
/// node answers with the whole cluster's runs.
/// </summary>
public sealed class JobsReader(
    ISchedulerFactory schedulers,
    IServiceProvider services,
    IOptions<JobsOptions> options,
    TimeProvider time)
{
    /// <summary>The group Quartz files the one-shot triggers of Trigger now (<c>IScheduler.TriggerJob</c>) under.</summary>
    private const string ManualTriggerGroup = "MANUAL_TRIGGER";

    /// <summary>The cluster's scheduler on this node, or null before it has started.</summary>
    public async Task<IScheduler?> SchedulerAsync(CancellationToken ct) =>
        await schedulers.LookupScheduler(options.Value.SchedulerName, ct);

    /// <summary>Every recurring job, by name; null when the scheduler is not running on this node.</summary>
    public async Task<JobsReport?> ReadAllAsync(CancellationToken ct)
    {
        if (await SchedulerAsync(ct) is not { } scheduler)
        {
            return null;
        }

        var keys = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), ct)).OrderBy(k => k.Name, StringComparer.Ordinal).ToList();
        var statuses = await History().QueryJobRunStatuses(
            new JobRunStatusQuery { SchedulerName = scheduler.SchedulerName, Jobs = keys, Take = Math.Max(keys.Count, 1) }, ct);
        var byJob = statuses.Items.ToDictionary(s => s.Job);
        var jobs = new List<JobSummary>(keys.Count);
        foreach (var key in keys)
        {
            // The status row has no "triggered by hand" flag: the latest run itself says (one indexed read per job).
            var latest = await History().QueryExecutions(new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Job = key, Take = 1 }, ct);
            if (await SummariseAsync(scheduler, key, byJob.GetValueOrDefault(key), latest.Items.FirstOrDefault(), ct) is { } summary)
            {
                jobs.Add(summary);
            }
        }

        return new JobsReport(jobs, time.GetUtcNow());
    }

    /// <summary>One job with its last runs and failures; null when there is no such job (or no scheduler).</summary>
    public async Task<JobDetail?> ReadAsync(string name, CancellationToken ct)
    {
        if (await SchedulerAsync(ct) is not { } scheduler || await FindAsync(scheduler, name, ct) is not { } key)
        {
            return null;
        }

        var history = History();
        var status = await history.GetJobRunStatus(scheduler.SchedulerName, key, ct);
        var take = options.Value.HistoryRunsPerJob;
        var runs = await history.QueryExecutions(new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Job = key, Take = take }, ct);
        if (await SummariseAsync(scheduler, key, status, runs.Items.FirstOrDefault(), ct) is not { } summary)
        {
            return null;
        }

        var failures = await history.QueryExecutions(
            new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Job = key, Results = [JobRunResult.Failed], Take = take }, ct);
        return new JobDetail(summary, [.. runs.Items.Select(ToRun)], [.. failures.Items.Select(ToRun)], time.GetUtcNow());
    }

    /// <summary>The key of the job named <paramref name="name"/> (in any group), or null.</summary>
    public static async Task<JobKey?> FindAsync(IScheduler scheduler, string name, CancellationToken ct) =>
        (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), ct)).FirstOrDefault(k => k.Name == name);

    /// <summary>The job's own schedule: its trigger that Trigger now did not add.</summary>
    public static async Task<ITrigger?> RecurringTriggerAsync(IScheduler scheduler, JobKey key, CancellationToken ct) =>
        (await scheduler.GetTriggersOfJob(key, ct)).FirstOrDefault(t => t.Key.Group != ManualTriggerGroup);

    private async Task<JobSummary?> SummariseAsync(IScheduler scheduler, JobKey key, JobRunStatus? status, ExecutionHistoryEntry? latest, CancellationToken ct)
    {
        var detail = await scheduler.GetJobDetail(key, ct);
        if (detail is null || await RecurringTriggerAsync(scheduler, key, ct) is not { } trigger)
        {
            return null;
        }

        var state = await scheduler.GetTriggerState(trigger.Key, ct);
        var pause = state == TriggerState.Paused && await scheduler.GetTriggerPause(trigger.Key, ct) is { } p
            ? new JobPause(p.RequestedBy, p.PausedAtUtc, p.Reason)
            : null;
        // The latest row when it is still kept; else the status row, which outlives trimmed rows.
        var lastRun = latest is not null && (status is null || latest.FiredAtUtc >= status.LastFiredAtUtc)
            ? ToRun(latest)
            : status is null ? null : new JobRun(
                status.LastFiredAtUtc,
                status.LastDuration.TotalMilliseconds,
                Outcome(status.LastResult),
                status.LastSchedulerInstanceId ?? "",
                false,
                status.LastResult == JobRunResult.Failed ? status.LastFailureMessage : null);
        var lastFailure = status?.LastFailedAtUtc is { } failedAt ? new JobFailure(failedAt, status.LastFailureMessage) : null;
        return new JobSummary(
            key.Name,
            key.Group,
            detail.Description,
            JobScheduleText.Of(trigger),
            StateName(state),
            pause,
            lastRun,
            state == TriggerState.Paused ? null : trigger.NextFireTimeUtc,
            status?.RunCount ?? 0,
            status?.FailureCount ?? 0,
            status?.ConsecutiveFailures ?? 0,
            lastFailure);
    }

    // Executing (a firing of this trigger runs now, on any node) reads better as "running" on a page.
    private static string StateName(TriggerState state) => state == TriggerState.Executing ? "running" : state.ToString().ToLowerInvariant();

    private static JobRun ToRun(ExecutionHistoryEntry e) => new(
        e.FiredAtUtc, e.Duration.TotalMilliseconds, Outcome(e.EffectiveResult), e.SchedulerInstanceId ?? "", e.Manual, e.ExceptionMessage);

    private static string Outcome(JobRunResult result) => result.ToString().ToLowerInvariant();

    // UseExecutionHistory() registers the database-backed store keyed by the scheduler's name; the unkeyed one is the
    // in-memory default, which would show only this node's runs.
    private IExecutionHistoryStore History() =>
        services.GetKeyedService<IExecutionHistoryStore>(options.Value.SchedulerName) ?? services.GetRequiredService<IExecutionHistoryStore>();
}

using Quartz;

namespace Dashboard.Jobs;

/// <summary>
/// Pause, resume and trigger now, through Quartz's <see cref="IScheduler"/>. With the clustered store each is one row
/// change in PostgreSQL that every node sees: a pause stops the job on every node, and Trigger now stores a one-shot
/// trigger that exactly one node acquires and runs.
/// </summary>
internal sealed partial class JobsControl(JobsReader reader, ILogger<JobsControl> logger)
{
    /// <summary>Pauses the job's schedule, recording who asked; <see cref="JobActionResult.Conflict"/> when already paused.</summary>
    public Task<JobActionResult> PauseAsync(string name, string user, CancellationToken ct) =>
        ChangeStateAsync(name, user, "paused", fromPaused: false, async (scheduler, key) =>
            await scheduler.PauseJobWith(key, new PauseDetails { RequestedBy = user, Reason = "Paused from the Jobs page or API" }, ct), ct);

    /// <summary>Resumes a paused job; <see cref="JobActionResult.Conflict"/> when it is not paused.</summary>
    public Task<JobActionResult> ResumeAsync(string name, string user, CancellationToken ct) =>
        ChangeStateAsync(name, user, "resumed", fromPaused: true, async (scheduler, key) => await scheduler.ResumeJob(key, ct), ct);

    /// <summary>Runs the job once now, beside its schedule (also while paused); one node of the cluster runs it.</summary>
    public async Task<JobActionResult> TriggerAsync(string name, string user, CancellationToken ct)
    {
        var (result, scheduler, key, _) = await ResolveAsync(name, ct);
        if (result != JobActionResult.Done)
        {
            return result;
        }

        await scheduler!.TriggerJob(key!, ct);
        LogAction(logger, "triggered", name, user);
        return JobActionResult.Done;
    }

    // Pause and resume: each applies only from the other state (paused or not), so a repeated click is a conflict.
    private async Task<JobActionResult> ChangeStateAsync(
        string name, string user, string action, bool fromPaused, Func<IScheduler, JobKey, Task> change, CancellationToken ct)
    {
        var (result, scheduler, key, trigger) = await ResolveAsync(name, ct);
        if (result != JobActionResult.Done)
        {
            return result;
        }

        if ((await scheduler!.GetTriggerState(trigger!.Key, ct) == TriggerState.Paused) != fromPaused)
        {
            return JobActionResult.Conflict;
        }

        await change(scheduler, key!);
        LogAction(logger, action, name, user);
        return JobActionResult.Done;
    }

    private async Task<(JobActionResult, IScheduler?, JobKey?, ITrigger?)> ResolveAsync(string name, CancellationToken ct)
    {
        if (await reader.SchedulerAsync(ct) is not { } scheduler)
        {
            return (JobActionResult.NoScheduler, null, null, null);
        }

        if (await JobsReader.FindAsync(scheduler, name, ct) is not { } key
            || await JobsReader.RecurringTriggerAsync(scheduler, key, ct) is not { } trigger)
        {
            return (JobActionResult.UnknownJob, null, null, null);
        }

        return (JobActionResult.Done, scheduler, key, trigger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} {Action} by {User}")]
    private static partial void LogAction(ILogger logger, string action, string job, string user);
}

using Quartz;
using Quartz.Extensibility;

namespace Dashboard.Jobs;

/// <summary>
/// Applies a changed interval of a recurring job to its stored trigger at start, keeping the schedule's phase; leaves an
/// unchanged trigger untouched.
/// </summary>
/// <remarks>
/// <para>
/// Declared triggers are not rewritten at start (Quartz's <c>Scheduling.IgnoreDuplicates</c>): a node joining the cluster
/// would otherwise replace the stored 1 s trigger with one starting at its own start, which fires an extra time and
/// moves the tick's phase (docs/jobs.md). So a trigger whose interval (or misfire rule) differs from the configuration is
/// rewritten here, once, with the stored start time and last firing, as Quartz's own
/// <c>ScheduleTriggerRelativeToReplacedTrigger</c> does: the next firing follows the last one on the same grid.
/// </para>
/// <para>A paused job stays paused, with its pause record.</para>
/// </remarks>
internal sealed partial class RecurringTriggerReconciler(
    ISchedulerFactory schedulers,
    IServiceProvider services,
    RecurringTriggerReconciler.Declared declared,
    TimeProvider time,
    ILogger<RecurringTriggerReconciler> logger) : IHostedService
{
    /// <summary>The recurring jobs to reconcile.</summary>
    internal sealed record Declared(IReadOnlyList<RecurringJob> Jobs);

    /// <summary>Jobs at least this far apart run once at once after a misfire instead of waiting for their next slot.</summary>
    public static readonly TimeSpan LongInterval = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Identity, schedule and misfire rule of <paramref name="job"/>'s trigger (the start time is the caller's), its
    /// interval read from <paramref name="services"/> now.
    /// </summary>
    public static ITriggerConfigurator<IJob> Configure(ITriggerConfigurator<IJob> trigger, RecurringJob job, IServiceProvider services) =>
        Configure(trigger, job, Interval(job, services));

    private static ITriggerConfigurator<IJob> Configure(ITriggerConfigurator<IJob> trigger, RecurringJob job, TimeSpan interval) => trigger
        .ForJob(job.Key)
        .WithIdentity(job.Key.Name, job.Key.Group)
        .WithSimpleSchedule(s => s
            .WithInterval(interval)
            .RepeatForever()
            .WithMisfireInstruction(MisfireInstruction(interval)));

    private static TimeSpan Interval(RecurringJob job, IServiceProvider services) => TimeSpan.FromSeconds(job.IntervalSeconds(services));

    /// <summary>
    /// The misfire rule of a job every <paramref name="interval"/> (docs/jobs.md). Never a burst of stale runs, which would only repeat the
    /// same fold and publish the same snapshots: a short-interval job skips to its next slot on its grid; a long-interval
    /// job (roll-up, retention) runs once now and continues from there, since with the sub-second misfire threshold a
    /// late start on a busy node would otherwise postpone it by a whole interval (an hour for retention).
    /// </summary>
    public static SimpleTriggerMisfireInstruction MisfireInstruction(TimeSpan interval) =>
        interval >= LongInterval
            ? SimpleTriggerMisfireInstruction.NowWithExistingCount
            : SimpleTriggerMisfireInstruction.NextWithRemainingCount;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // This app's factory: the scheduler Quartz's hosted service has just created and started.
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var job in declared.Jobs)
        {
            await ReconcileAsync(scheduler, job, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ReconcileAsync(IScheduler scheduler, RecurringJob job, CancellationToken ct)
    {
        var key = new TriggerKey(job.Key.Name, job.Key.Group);
        var interval = Interval(job, services);
        if (await scheduler.GetTrigger(key, ct) is not ISimpleTrigger stored
            || (stored.RepeatInterval == interval
                && stored.MisfireInstruction == MisfireInstruction(interval)))
        {
            return;
        }

        var builder = TriggerBuilder.Create(time);
        Configure(builder, job, interval).StartAt(stored.StartTimeUtc);
        var replacement = (IOperableTrigger)builder.Build();
        replacement.PreviousFireTimeUtc = stored.PreviousFireTimeUtc;
        var now = time.GetUtcNow();
        var after = stored.PreviousFireTimeUtc is { } previous && previous > now ? previous : now;
        replacement.NextFireTimeUtc = replacement.GetFireTimeAfter(after);

        var paused = await scheduler.GetTriggerState(key, ct) == TriggerState.Paused
            ? await scheduler.GetTriggerPause(key, ct) ?? new PauseInfo(null, null, now)
            : null;
        await scheduler.RescheduleJob(key, replacement, ct);
        if (paused is not null)
        {
            await scheduler.PauseTriggerWith(key, new PauseDetails { RequestedBy = paused.RequestedBy, Reason = paused.Reason }, ct);
        }

        LogRescheduled(logger, job.Key.Name, stored.RepeatInterval.TotalSeconds, interval.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: interval changed from {Old} s to {New} s; trigger rescheduled on its previous phase")]
    private static partial void LogRescheduled(ILogger logger, string job, double old, double @new);
}

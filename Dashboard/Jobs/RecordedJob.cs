using Dashboard.Observability;
using Quartz;

namespace Dashboard.Jobs;

/// <summary>
/// Base of every recurring job: times the run, records <c>dashboard_job_runs_total{job,result}</c>,
/// <c>dashboard_job_duration_seconds{job}</c> and <c>dashboard_job_lag_seconds{job}</c> (Quartz's actual minus scheduled
/// fire time; not recorded for a firing without a schedule, e.g. triggered by hand), logs a failure and hands it to Quartz as a <see cref="JobExecutionException"/>
/// (so Quartz's execution history records the run as failed, with the cause's message). Cancellation at shutdown is not a failure.
/// </summary>
internal abstract partial class RecordedJob(JobServices services) : IJob
{
    private readonly DashboardMetrics metrics = services.Metrics;
    private readonly TimeProvider time = services.Time;

    /// <summary>The server's instruments, for a job's own counters.</summary>
    protected DashboardMetrics Metrics => metrics;

    /// <summary>The job's logger, in the category of its concrete type (as <c>ILogger&lt;TJob&gt;</c> would be).</summary>
    protected ILogger Logger => field ??= services.Loggers.CreateLogger(GetType());

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The job's name in Quartz is its name in the job label (RecurringJob.Name).
        var name = context.JobDetail.Key.Name;
        var started = time.GetTimestamp();
        if (context.ScheduledFireTimeUtc is { } scheduled)
        {
            metrics.JobFired(name, context.FireTimeUtc - scheduled);
        }

        try
        {
            await RunAsync(cancellationToken);
            metrics.JobRan(name, success: true, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: whatever the run had in a transaction rolled back, and the next firing (on any node) redoes it.
        }
        catch (Exception ex)
        {
            metrics.JobRan(name, success: false, time.GetElapsedTime(started));
            LogFailed(Logger, ex, name);
            // The message is what Quartz's execution history keeps as the run's error (the Jobs page shows it), so it
            // carries the cause rather than pointing at the inner exception, which the history does not keep.
            throw new JobExecutionException($"Job {name} failed: {ex.Message}", ex);
        }
    }

    /// <summary>The job's work for one firing.</summary>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recurring job {Job} failed; the next firing retries")]
    private static partial void LogFailed(ILogger logger, Exception ex, string job);
}

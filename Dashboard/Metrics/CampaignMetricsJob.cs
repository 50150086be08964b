using Dashboard.Observability;
using Quartz;

namespace Dashboard.Metrics;

/// <summary>
/// Quartz job, every <c>Jobs:FastIntervalSeconds</c>: one <see cref="CampaignMetricsRunner"/> tick. Never two at once
/// (one firing runs on one node of the cluster, and the next waits for it).
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class CampaignMetricsJob(
    CampaignMetricsRunner runner,
    DashboardMetrics metrics,
    TimeProvider time,
    ILogger<CampaignMetricsJob> logger) : IJob
{
    /// <summary>Job name in Quartz and in <c>dashboard_job_runs{job=…}</c>.</summary>
    public const string Name = "campaign_metrics";

    public static readonly JobKey Key = new(Name, "metrics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var run = await runner.RunAsync(cancellationToken);
            metrics.JobRan(Name, success: true, time.GetElapsedTime(started));
            LogRan(run.EventsFolded, run.TenantsComputed, run.MessagesPublished);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the chunk in progress rolled back and the next firing (on any node) folds it.
        }
        catch (Exception ex)
        {
            metrics.JobRan(Name, success: false, time.GetElapsedTime(started));
            LogFailed(ex);
            throw new JobExecutionException("Job failed; see the inner exception.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Campaign metrics: folded {Events} events, computed {Tenants} tenants, published {Messages} snapshots")]
    private partial void LogRan(long events, int tenants, int messages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign metrics job failed; the next firing retries from the same watermark")]
    private partial void LogFailed(Exception ex);
}

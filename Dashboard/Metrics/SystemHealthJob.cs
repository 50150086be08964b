using Dashboard.Observability;
using Dashboard.Realtime;
using Quartz;

namespace Dashboard.Metrics;

/// <summary>
/// Quartz job, every <c>Jobs:SystemIntervalSeconds</c>: publishes <c>system_health_update</c> on <c>system</c> to every
/// tenant with state (the topic needs <c>admin</c>; any tenant's admins may watch it).
/// </summary>
/// <remarks>
/// With a clustered store each firing runs on ONE node, so this reports whichever node ran it, and only that node's
/// clients see it. Per-node health for every node and cross-node delivery (the LISTEN/NOTIFY backplane) are later
/// issues.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed partial class SystemHealthJob(
    SystemHealthSampler sampler,
    CampaignMetricsCalculator calculator,
    RealtimeHub hub,
    DashboardMetrics metrics,
    TimeProvider time,
    ILogger<SystemHealthJob> logger) : IJob
{
    /// <summary>Job name in Quartz and in <c>dashboard_job_runs{job=…}</c>.</summary>
    public const string Name = "system_health";

    public static readonly JobKey Key = new(Name, "metrics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var sample = sampler.Sample();
            foreach (var tenant in await calculator.TenantsWithStateAsync(cancellationToken))
            {
                hub.Publish(tenant, Topics.System, MetricMessageTypes.SystemHealthUpdate, sample, isSnapshot: true);
            }

            metrics.JobRan(Name, success: true, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            metrics.JobRan(Name, success: false, time.GetElapsedTime(started));
            LogFailed(ex);
            throw new JobExecutionException("Job failed; see the inner exception.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "System health job failed")]
    private partial void LogFailed(Exception ex);
}

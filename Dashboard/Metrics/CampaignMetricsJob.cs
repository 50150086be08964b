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
    ILogger<CampaignMetricsJob> logger) : RecordedJob(metrics, time, logger)
{
    /// <summary>Job name in Quartz and in <c>dashboard_job_runs{job=…}</c>.</summary>
    public const string JobName = "campaign_metrics";

    public static readonly JobKey Key = new(JobName, "metrics");

    protected override string Name => JobName;

    // A failed run rolls back its chunk: the next firing retries from the same watermark.
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(cancellationToken);
        LogRan(logger, run.EventsFolded, run.TenantsComputed, run.MessagesPublished);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Campaign metrics: folded {Events} events, computed {Tenants} tenants, published {Messages} snapshots")]
    private static partial void LogRan(ILogger logger, long events, int tenants, int messages);
}

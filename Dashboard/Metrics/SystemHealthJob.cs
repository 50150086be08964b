using Dashboard.Observability;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Quartz;

namespace Dashboard.Metrics;

/// <summary>
/// Quartz job, every <c>Jobs:SystemIntervalSeconds</c>: publishes <c>system_health_update</c> on <c>system</c> to every
/// tenant with state (the topic needs <c>admin</c>; any tenant's admins may watch it).
/// </summary>
/// <remarks>
/// With a clustered store each firing runs on ONE node, so this reports whichever node ran it (the System page keeps a row
/// per node it has heard from); the backplane delivers it
/// to every node's clients. Per-node health for every node is a later issue.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class SystemHealthJob(
    SystemHealthSampler sampler,
    CampaignMetricsCalculator calculator,
    RealtimePublisher publisher,
    DashboardMetrics metrics,
    TimeProvider time,
    ILogger<SystemHealthJob> logger) : RecordedJob(metrics, time, logger)
{
    /// <summary>Job name in Quartz and in <c>dashboard_job_runs{job=…}</c>.</summary>
    public const string JobName = "system_health";

    public static readonly JobKey Key = new(JobName, "metrics");

    protected override string Name => JobName;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var sample = await sampler.SampleAsync(cancellationToken);
        var published = new List<Task>();
        foreach (var tenant in await calculator.TenantsWithStateAsync(cancellationToken))
        {
            published.Add(publisher.PublishAsync(tenant, Topics.System, MetricMessageTypes.SystemHealthUpdate, sample, isSnapshot: true, cancellationToken));
        }

        await Task.WhenAll(published);
    }
}

using Dashboard.Jobs;
using Quartz;

namespace Dashboard.Calls;

/// <summary>
/// Quartz job, every <c>Jobs:StatsIntervalSeconds</c> (default 10): one <see cref="CallStatsRunner"/> run, publishing
/// <c>call_stats_update</c> on <c>call_stats</c>. Never two at once in the cluster.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class CallStatsJob(CallStatsRunner runner, JobServices services) : RecordedJob(services)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(cancellationToken);
        LogRan(Logger, run.TenantsComputed, run.MessagesPublished);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call statistics: computed {Tenants} tenants, published {Messages} snapshots")]
    private static partial void LogRan(ILogger logger, int tenants, int messages);
}

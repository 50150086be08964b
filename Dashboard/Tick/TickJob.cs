using Dashboard.Jobs;
using Quartz;

namespace Dashboard.Tick;

/// <summary>
/// Quartz job, every <c>Jobs:FastIntervalSeconds</c>: one <see cref="TickRunner"/> tick. Never two at once
/// (one firing runs on one node of the cluster, and the next waits for it).
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class TickJob(TickRunner runner, JobServices services) : RecordedJob(services)
{
    // A failed run rolls back its chunk: the next firing retries from the same watermark.
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(cancellationToken);
        LogRan(Logger, run.EventsFolded, run.TenantsComputed, run.MessagesPublished);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Campaign metrics: folded {Events} events, computed {Tenants} tenants, published {Messages} snapshots")]
    private static partial void LogRan(ILogger logger, long events, int tenants, int messages);
}

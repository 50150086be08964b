using Dashboard.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace Dashboard.Retention;

/// <summary>
/// Quartz job, every <c>Jobs:RetentionIntervalSeconds</c>: one <see cref="RetentionSweeper"/> run. Never two at once
/// (one firing runs on one node of the cluster, and the next waits for it).
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class RetentionJob(
    RetentionSweeper sweeper, IOptions<RetentionOptions> options, JobServices services) : RecordedJob(services)
{
    // Every batch commits on its own: a failure keeps what was deleted, and the next firing carries on.
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweeper.RunAsync(cancellationToken);
        foreach (var (table, deleted) in result.DeletedByTable)
        {
            Metrics.RetentionDeleted(table, deleted);
        }

        var o = options.Value;
        LogDeleted(Logger, result["events"], result["calls"], result.Hourly, result.Daily, o.Days, o.RollupDays);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Events} events and {Calls} calls older than {Days} days, {Hourly} hourly and {Daily} daily roll-up rows older than {RollupDays} days")]
    private static partial void LogDeleted(ILogger logger, long events, long calls, long hourly, long daily, int days, int rollupDays);
}

using Dashboard.Jobs;
using Quartz;

namespace Dashboard.Rollups;

/// <summary>
/// Quartz job, every <c>Jobs:RollupIntervalSeconds</c>: one <see cref="DailyRollup"/> run. Never two at once (one firing
/// runs on one node of the cluster, and the next waits for it).
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class RollupJob(DailyRollup rollup, JobServices services) : RecordedJob(services)
{
    // Each table's move is one statement: a failure leaves it all hourly, and the next firing redoes it.
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await rollup.RunAsync(cancellationToken);
        foreach (var (table, moved) in result.MovedByTable)
        {
            Metrics.RolledUp(table, moved);
        }

        if (result.Moved > 0)
        {
            LogMoved(Logger, result.MovedByTable[RollupTable.Calls.Hourly], result.MovedByTable[RollupTable.Queues.Hourly], result.MovedByTable[RollupTable.Agents.Hourly]);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Roll-up: moved {Calls} call_hourly, {Queues} queue_hourly and {Agents} agent_hourly rows into their days")]
    private static partial void LogMoved(ILogger logger, long calls, long queues, long agents);
}

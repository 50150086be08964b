using Dashboard.Jobs;
using Quartz;

namespace Dashboard.Alerts.Evaluation;

/// <summary>
/// Quartz job, every <c>Alerts:EvaluateSeconds</c>: one <see cref="AlertEvaluator"/> pass. Clustered: one firing runs on
/// one node, and the pass lock keeps even two overlapping firings (a failover mid-pass) from both applying a change.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class AlertEvaluationJob(AlertEvaluator evaluator, JobServices services) : RecordedJob(services)
{
    /// <summary>The job's name (Quartz, <c>/api/v1/jobs</c>, the <c>job</c> label).</summary>
    public const string Name = "alert_evaluation";

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var pass = await evaluator.RunAsync(cancellationToken);
        LogPass(Logger, pass.Skipped ?? "ran", pass.Instances, pass.Transitions, pass.Notifications, pass.FailedRules);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert pass {Outcome}: {Instances} instances, {Transitions} transitions, {Notifications} notifications, {Failed} rules failed")]
    private static partial void LogPass(ILogger logger, string outcome, int instances, int transitions, int notifications, int failed);
}

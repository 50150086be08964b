using Microsoft.Extensions.Options;

namespace Dashboard.Queues;

/// <summary>Validates <see cref="QueueMetricsOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class QueueMetricsOptionsValidator : IValidateOptions<QueueMetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueMetricsOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultServiceLevelSeconds is < 1 or > 3600)
        {
            failures.Add("QueueMetrics:DefaultServiceLevelSeconds must be between 1 and 3600.");
        }

        if (!(options.DefaultServiceLevelTarget is > 0 and <= 1))
        {
            failures.Add("QueueMetrics:DefaultServiceLevelTarget must be greater than 0 and at most 1.");
        }

        foreach (var (queue, q) in options.Queues)
        {
            if (q.ServiceLevelSeconds is < 1 or > 3600)
            {
                failures.Add($"QueueMetrics:Queues:{queue}:ServiceLevelSeconds must be between 1 and 3600.");
            }

            if (q.ServiceLevelTarget is { } target && !(target is > 0 and <= 1))
            {
                failures.Add($"QueueMetrics:Queues:{queue}:ServiceLevelTarget must be greater than 0 and at most 1.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

namespace Dashboard.Queues;

/// <summary>
/// Service-level settings of the inbound queues (configuration section <c>QueueMetrics</c>). Service level is the share
/// of offered calls answered within T seconds of entering the queue (docs/metrics.md); the target is what the pages
/// colour it against.
/// </summary>
public sealed class QueueMetricsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "QueueMetrics";

    /// <summary>
    /// T in seconds for queues not listed in <see cref="Queues"/> (<c>QueueMetrics:DefaultServiceLevelSeconds</c>, 1..3600,
    /// default 20: the 80/20 convention).
    /// </summary>
    public int DefaultServiceLevelSeconds { get; set; } = 20;

    /// <summary>
    /// Service-level target as a fraction for queues not listed in <see cref="Queues"/>
    /// (<c>QueueMetrics:DefaultServiceLevelTarget</c>, greater than 0 and at most 1, default 0.8).
    /// </summary>
    public double DefaultServiceLevelTarget { get; set; } = 0.8;

    /// <summary>Per-queue settings by queue name (<c>QueueMetrics:Queues:{name}:*</c>), names compared case-sensitively.</summary>
    public Dictionary<string, QueueServiceLevelOptions> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>T in seconds for <paramref name="queue"/>.</summary>
    public int ThresholdSeconds(string queue) =>
        Queues.TryGetValue(queue, out var q) && q.ServiceLevelSeconds is { } t ? t : DefaultServiceLevelSeconds;

    /// <summary>The service-level target (a fraction) for <paramref name="queue"/>.</summary>
    public double Target(string queue) =>
        Queues.TryGetValue(queue, out var q) && q.ServiceLevelTarget is { } t ? t : DefaultServiceLevelTarget;
}

/// <summary>One queue's service-level settings (<c>QueueMetrics:Queues:{name}</c>); an absent value takes the default.</summary>
public sealed class QueueServiceLevelOptions
{
    /// <summary>T in seconds (<c>QueueMetrics:Queues:{name}:ServiceLevelSeconds</c>, 1..3600).</summary>
    public int? ServiceLevelSeconds { get; set; }

    /// <summary>Target fraction (<c>QueueMetrics:Queues:{name}:ServiceLevelTarget</c>, greater than 0 and at most 1).</summary>
    public double? ServiceLevelTarget { get; set; }
}

using Prometheus;

namespace Dashboard.Observability;

/// <summary>
/// Families of poison isolation (prometheus-net collectors in the application's <see cref="CollectorRegistry"/>;
/// docs/dead-letters.md, docs/observability.md): <c>dashboard_dead_lettered_events_total{stage}</c> (events set aside;
/// stage <c>fold</c>), <c>dashboard_dead_letters_quarantined_total</c> (entries that exhausted their retries),
/// <c>dashboard_dead_letters{state}</c> (entries now, <c>retrying</c> / <c>quarantined</c>, as of the latest count),
/// <c>dashboard_tenant_failures_total{stage}</c> (a tenant's tick work skipped after failing on its data;
/// <c>compute</c>, <c>compute_queues</c>, <c>compute_call_stats</c>, <c>publish</c>) and
/// <c>dashboard_realtime_messages_rejected_total{reason}</c> (messages not published: <c>too_large</c>, <c>refused</c>,
/// <c>backoff</c>, <c>backlog</c>).
/// </summary>
public sealed class ResilienceMetrics
{
    private readonly Counter _deadLettered;
    private readonly Counter _quarantined;
    private readonly Counter _tenantFailures;
    private readonly Counter _rejected;
    private readonly Gauge.Child _retrying;
    private readonly Gauge.Child _quarantinedNow;

    /// <summary>Creates the collectors in <paramref name="registry"/> (or returns the ones already there).</summary>
    public ResilienceMetrics(CollectorRegistry registry)
    {
        var factory = MetricsRegistry.Factory(registry);
        _deadLettered = factory.CreateCounter("dashboard_dead_lettered_events_total", "Events the fold could not apply and set aside in dead_letters, by stage (fold).", "stage");
        _quarantined = factory.CreateCounter("dashboard_dead_letters_quarantined_total", "Dead letters that exhausted DeadLetters:MaxAttempts and wait for an admin.");
        _tenantFailures = factory.CreateCounter("dashboard_tenant_failures_total", "A tenant's tick work skipped after failing on its data, by stage (compute, compute_queues, compute_call_stats, publish); other tenants were not affected.", "stage");
        _rejected = factory.CreateCounter("dashboard_realtime_messages_rejected_total", "Realtime messages not published, by reason (too_large: over Realtime:MaxPublishBytes; refused: the database refused it; backoff: its stream is backing off after a refusal; backlog: too many messages already wait for the database).", "reason");
        var deadLetters = factory.CreateGauge("dashboard_dead_letters", "Dead letters now, by state (retrying, quarantined), as of this node's latest count (every tick and readiness check).", "state");
        // Both states are exported from the start (0 until the first count), so alerts on them never see an absent series.
        _retrying = deadLetters.WithLabels("retrying");
        _quarantinedNow = deadLetters.WithLabels("quarantined");
    }

    /// <summary>One event set aside at <paramref name="stage"/>.</summary>
    public void DeadLettered(string stage) => _deadLettered.WithLabels(stage).Inc();

    /// <summary><paramref name="count"/> entries quarantined.</summary>
    public void Quarantined(int count) => _quarantined.Inc(count);

    /// <summary>A tenant's work at <paramref name="stage"/> failed and was skipped.</summary>
    public void TenantFailed(string stage) => _tenantFailures.WithLabels(stage).Inc();

    /// <summary>A message was not published for <paramref name="reason"/>.</summary>
    public void MessageRejected(string reason) => _rejected.WithLabels(reason).Inc();

    /// <summary>The latest dead-letter counts, for the gauge.</summary>
    public void DeadLetterCounts(long retrying, long quarantined)
    {
        _retrying.Set(retrying);
        _quarantinedNow.Set(quarantined);
    }

    /// <summary>Messages not published for <paramref name="reason"/> so far (<c>dashboard_realtime_messages_rejected_total</c>); 0 when none.</summary>
    internal double MessagesRejected(string reason) =>
        _rejected.GetAllLabelValues().Any(v => v[0] == reason) ? _rejected.WithLabels(reason).Value : 0;
}

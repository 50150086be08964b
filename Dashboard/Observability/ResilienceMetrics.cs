using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// Instruments of poison isolation on meter <c>Dashboard</c> (docs/dead-letters.md, docs/observability.md):
/// <c>dashboard_dead_lettered_events_total{stage}</c> (events set aside; stage <c>fold</c>),
/// <c>dashboard_dead_letters_quarantined_total</c> (entries that exhausted their retries),
/// <c>dashboard_dead_letters{state}</c> (entries now, <c>retrying</c> / <c>quarantined</c>, as of the latest count),
/// <c>dashboard_tenant_failures_total{stage}</c> (a tenant's tick work skipped after failing on its data;
/// <c>compute</c>, <c>compute_queues</c>, <c>compute_call_stats</c>, <c>publish</c>) and <c>dashboard_realtime_messages_rejected_total{reason}</c> (messages not
/// published: <c>too_large</c>, <c>refused</c>, <c>backoff</c>, <c>backlog</c>).
/// </summary>
public sealed class ResilienceMetrics
{
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _quarantined;
    private readonly Counter<long> _tenantFailures;
    private readonly Counter<long> _rejected;
    private long _retrying;
    private long _quarantinedNow;

    /// <summary>Creates the instruments on the host's <c>Dashboard</c> meter.</summary>
    public ResilienceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DashboardMetrics.MeterName);
        _deadLettered = meter.CreateCounter<long>("dashboard_dead_lettered_events", description: "Events the fold could not apply and set aside in dead_letters, by stage (fold).");
        _quarantined = meter.CreateCounter<long>("dashboard_dead_letters_quarantined", description: "Dead letters that exhausted DeadLetters:MaxAttempts and wait for an admin.");
        _tenantFailures = meter.CreateCounter<long>("dashboard_tenant_failures", description: "A tenant's tick work skipped after failing on its data, by stage (compute, compute_queues, compute_call_stats, publish); other tenants were not affected.");
        _rejected = meter.CreateCounter<long>("dashboard_realtime_messages_rejected", description: "Realtime messages not published, by reason (too_large: over Realtime:MaxPublishBytes; refused: the database refused it; backoff: its stream is backing off after a refusal; backlog: too many messages already wait for the database).");
        meter.CreateObservableGauge(
            "dashboard_dead_letters",
            () => new[]
            {
                new Measurement<long>(Interlocked.Read(ref _retrying), new KeyValuePair<string, object?>("state", "retrying")),
                new Measurement<long>(Interlocked.Read(ref _quarantinedNow), new KeyValuePair<string, object?>("state", "quarantined")),
            },
            description: "Dead letters now, by state (retrying, quarantined), as of this node's latest count (every tick and readiness check).");
    }

    /// <summary>One event set aside at <paramref name="stage"/>.</summary>
    public void DeadLettered(string stage) => _deadLettered.Add(1, new KeyValuePair<string, object?>("stage", stage));

    /// <summary><paramref name="count"/> entries quarantined.</summary>
    public void Quarantined(int count) => _quarantined.Add(count);

    /// <summary>A tenant's work at <paramref name="stage"/> failed and was skipped.</summary>
    public void TenantFailed(string stage) => _tenantFailures.Add(1, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>A message was not published for <paramref name="reason"/>.</summary>
    public void MessageRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The latest dead-letter counts, for the gauge.</summary>
    public void DeadLetterCounts(long retrying, long quarantined)
    {
        Interlocked.Exchange(ref _retrying, retrying);
        Interlocked.Exchange(ref _quarantinedNow, quarantined);
    }
}

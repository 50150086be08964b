using System.Collections.Concurrent;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;

namespace Dashboard.Alerts.Metrics;

/// <summary>
/// <see cref="IAlertMetricSource"/> over this node's hub (docs/alerts.md, "Metrics"): a rule's metric is read from the
/// newest snapshot of its topic, each snapshot parsed once (cached per tenant and topic by seq), never from history.
/// </summary>
/// <remarks>
/// No data (an empty list) when the tenant has no snapshot of the topic, when this node's backplane listener is
/// reconnecting (its hub may miss other nodes' snapshots), or when a snapshot the tick republishes every second (a queue
/// with callers waiting) is older than <c>Alerts:MaxSnapshotAgeSeconds</c>: the tick stopped or no longer reaches this
/// node. Other snapshots are republished only when they change (docs/protocol.md §5), so their age alone says nothing.
/// </remarks>
internal sealed class HubAlertMetricSource(RealtimeHub hub, BackplaneListener backplane, IOptionsMonitor<AlertsOptions> options)
    : IAlertMetricSource
{
    private readonly ConcurrentDictionary<(string Tenant, string Topic), SnapshotSamples> _cache = new();

    /// <inheritdoc />
    public IReadOnlyList<MetricSample> Read(string tenant, string metric, IReadOnlyDictionary<string, string> selector, DateTimeOffset now)
    {
        string topic, type;
        if (AlertMetricCatalogue.Metrics.TryGetValue(metric, out var known))
        {
            (topic, type) = (known.Topic, known.MessageType);
        }
        else if (AlertMetricCatalogue.KpiName(metric) is not null)
        {
            (topic, type) = (AlertMetricCatalogue.KpiTopic, AlertMetricCatalogue.KpiMessageType);
        }
        else
        {
            return [];
        }

        var samples = Snapshot(tenant, topic, type);
        if (samples is null || !backplane.IsListening
            || (samples.RepublishedEveryTick && now - samples.Timestamp > TimeSpan.FromSeconds(options.CurrentValue.MaxSnapshotAgeSeconds)))
        {
            return [];
        }

        if (metric == AlertMetricCatalogue.ChatLongestWait)
        {
            // The chat snapshot is not republished as waits grow (clients tick them from startedAt): neither is this.
            var wait = samples.OldestWaitStart is { } start ? Math.Max(0, Math.Round((now - start).TotalSeconds, 1)) : 0;
            return samples.Of(metric).Count == 0 ? [] : [new MetricSample(AlertLabels.None, "", wait)];
        }

        var all = samples.Of(metric);
        return selector.Count == 0 ? all : [.. all.Where(s => AlertLabels.Matches(s.Labels, selector))];
    }

    // The parsed newest snapshot; null when there is none of the expected type.
    private SnapshotSamples? Snapshot(string tenant, string topic, string type)
    {
        var message = hub.Latest(tenant, topic);
        if (message is null || !message.IsSnapshot || message.Type != type)
        {
            return null;
        }

        if (_cache.TryGetValue((tenant, topic), out var cached) && cached.Seq == message.Seq && cached.Timestamp == message.Timestamp)
        {
            return cached;
        }

        var parsed = SnapshotSamples.Parse(topic, message.Seq, message.Timestamp, message.Json);
        _cache[(tenant, topic)] = parsed;
        return parsed;
    }
}

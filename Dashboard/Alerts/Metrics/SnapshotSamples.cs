using System.Text.Json;

namespace Dashboard.Alerts.Metrics;

/// <summary>
/// Every catalogue metric's samples of one snapshot (one tenant, one topic, one seq), parsed once (docs/alerts.md,
/// "Metrics"). Immutable once built, so the evaluator and any page may read it concurrently.
/// </summary>
internal sealed class SnapshotSamples
{
    private static readonly IReadOnlyList<MetricSample> NoSamples = [];

    private readonly Dictionary<string, List<MetricSample>> _byMetric = new(StringComparer.Ordinal);

    private SnapshotSamples(long seq, DateTimeOffset timestamp)
    {
        Seq = seq;
        Timestamp = timestamp;
    }

    /// <summary>The hub seq of the snapshot parsed.</summary>
    public long Seq { get; }

    /// <summary>When the snapshot was published.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>
    /// True when the tick republishes this snapshot every run (a queue with callers waiting: its longest wait moves each
    /// second), so its age says whether the tick still runs and reaches this node.
    /// </summary>
    public bool RepublishedEveryTick { get; private set; }

    /// <summary>Chat: the start of the oldest waiting session (UTC); null when nobody waits or another topic.</summary>
    public DateTimeOffset? OldestWaitStart { get; private set; }

    /// <summary>The samples of <paramref name="metric"/> (a catalogue name or a KPI name prefixed <c>kpi:</c>).</summary>
    public IReadOnlyList<MetricSample> Of(string metric) => _byMetric.TryGetValue(metric, out var samples) ? samples : NoSamples;

    /// <summary>Parses the envelope <paramref name="json"/> of a <paramref name="topic"/> snapshot; never throws for a malformed payload.</summary>
    public static SnapshotSamples Parse(string topic, long seq, DateTimeOffset timestamp, ReadOnlyMemory<byte> json)
    {
        var result = new SnapshotSamples(seq, timestamp);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            if (topic == AlertMetricCatalogue.KpiTopic)
            {
                result.ReadKpis(data);
            }
            else
            {
                result.ReadCatalogue(topic, data);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // A payload of another shape than the catalogue expects (a newer server on the backplane): no data, not a failed evaluation.
            result._byMetric.Clear();
        }

        return result;
    }

    private void ReadCatalogue(string topic, JsonElement data)
    {
        foreach (var metric in AlertMetricCatalogue.Metrics.Values)
        {
            if (metric.Topic != topic)
            {
                continue;
            }

            var samples = new List<MetricSample>();
            if (metric.List is null)
            {
                if (Number(data, metric) is { } value)
                {
                    samples.Add(new MetricSample(AlertLabels.None, "", value.Value));
                }
            }
            else if (data.TryGetProperty(metric.List, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in list.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Object
                        && element.TryGetProperty(metric.LabelField!, out var id) && id.ValueKind == JsonValueKind.String
                        && Number(element, metric) is { } value)
                    {
                        var labels = AlertLabels.Sorted([new(metric.Label!, id.GetString()!)]);
                        samples.Add(new MetricSample(labels, AlertLabels.Key(labels), value.Value));
                    }
                }
            }

            _byMetric[metric.Name] = samples;
        }

        if (topic == "queue" && Number(data, AlertMetricCatalogue.Metrics["queue.totals.callsWaiting"]) is { Value: > 0 })
        {
            RepublishedEveryTick = true;
        }

        if (topic == "chat" && data.TryGetProperty("waitingSessions", out var waiting) && waiting.ValueKind == JsonValueKind.Array)
        {
            // Oldest first (docs/metrics.md §6), but take the minimum so the order is not relied on.
            foreach (var session in waiting.EnumerateArray())
            {
                if (session.ValueKind == JsonValueKind.Object && session.TryGetProperty("startedAt", out var started)
                    && started.ValueKind == JsonValueKind.String && started.TryGetDateTimeOffset(out var at)
                    && (OldestWaitStart is not { } oldest || at < oldest))
                {
                    OldestWaitStart = at;
                }
            }
        }
    }

    private void ReadKpis(JsonElement data)
    {
        if (!data.TryGetProperty("series", out var series) || series.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var entry in series.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            var labels = AlertLabels.None;
            if (entry.TryGetProperty("labels", out var labelObject) && labelObject.ValueKind == JsonValueKind.Object)
            {
                labels = AlertLabels.Sorted(labelObject.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)));
            }

            // A stale series stopped reporting: its last value is no longer the figure (docs/alerts.md, noData).
            var stale = entry.TryGetProperty("stale", out var s) && s.ValueKind == JsonValueKind.True;
            var key = AlertMetricCatalogue.KpiPrefix + name.GetString();
            if (!_byMetric.TryGetValue(key, out var samples))
            {
                _byMetric[key] = samples = [];
            }

            samples.Add(new MetricSample(labels, AlertLabels.Key(labels), stale ? null : value.GetDouble()));
        }
    }

    // The number at the metric's path: Some(null) for a JSON null (no data, or 0 for NullAsZero), None when absent or not a number.
    private static Box? Number(JsonElement element, AlertMetric metric)
    {
        foreach (var segment in metric.Segments)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.Number => new Box(element.GetDouble()),
            JsonValueKind.Null => new Box(metric.NullAsZero ? 0 : null),
            _ => null,
        };
    }

    private sealed record Box(double? Value);
}

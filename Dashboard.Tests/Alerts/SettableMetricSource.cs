using Dashboard.Alerts;
using Dashboard.Alerts.Metrics;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// An <see cref="IAlertMetricSource"/> whose samples a test sets, for the evaluator's storage and concurrency tests (what
/// the catalogue reads from snapshots is the catalogue's own tests' business; these test what the evaluator does with
/// values). Samples match a rule's selector exactly, as the catalogue's do.
/// </summary>
internal sealed class SettableMetricSource : IAlertMetricSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Metric), List<MetricSample>> _samples = [];

    /// <summary>Calls to <see cref="Read"/> that throw for this metric (a broken rule).</summary>
    public string? Throws { get; set; }

    /// <summary>Sets the value of one label set (null = a sample without a value), replacing the previous one.</summary>
    public void Set(string tenant, string metric, double? value, params (string Name, string Value)[] labels)
    {
        var dict = new SortedDictionary<string, string>(labels.ToDictionary(l => l.Name, l => l.Value), StringComparer.Ordinal);
        var key = AlertLabels.Key(dict);
        lock (_gate)
        {
            if (!_samples.TryGetValue((tenant, metric), out var list))
            {
                _samples[(tenant, metric)] = list = [];
            }

            list.RemoveAll(s => s.LabelKey == key);
            list.Add(new MetricSample(dict, key, value));
        }
    }

    /// <summary>Removes every sample of the metric (the snapshot is gone: no data).</summary>
    public void Clear(string tenant, string metric)
    {
        lock (_gate)
        {
            _samples.Remove((tenant, metric));
        }
    }

    public IReadOnlyList<MetricSample> Read(string tenant, string metric, IReadOnlyDictionary<string, string> selector, DateTimeOffset now)
    {
        if (metric == Throws)
        {
            throw new InvalidOperationException("a broken rule");
        }

        lock (_gate)
        {
            return _samples.TryGetValue((tenant, metric), out var list)
                ? [.. list.Where(s => selector.All(kv => s.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))]
                : [];
        }
    }
}

using Dashboard.Calendar;

namespace Dashboard.Kpis;

/// <summary>
/// Folds one chunk's KPI reports into per-series and per-bucket deltas (docs/events.md §5). Pure: the caller loads the
/// kinds of the series already stored (<see cref="KpiStore"/>) and writes <see cref="Series"/>, <see cref="Minutes"/>
/// and <see cref="Quarters"/> back with merges that are order-independent (newest by (event time, txid, seq); sums; max),
/// in the transaction that moves the fold's watermark, so each report is applied exactly once.
/// </summary>
internal sealed class KpiChunk
{
    private readonly IReadOnlyDictionary<(string Tenant, string Key), string> _storedKinds;
    private readonly Dictionary<(string Tenant, string Key), string> _kinds = [];
    private readonly Dictionary<(string Tenant, string Key), KpiSeriesDelta> _series = [];
    private readonly Dictionary<(string Tenant, string Key, DateTime Bucket), KpiBucketDelta> _minutes = [];
    private readonly Dictionary<(string Tenant, string Key, DateTime Bucket), KpiBucketDelta> _quarters = [];

    /// <param name="storedKinds">The kind of every stored series the chunk reports to (others are new).</param>
    public KpiChunk(IReadOnlyDictionary<(string Tenant, string Key), string> storedKinds) => _storedKinds = storedKinds;

    /// <summary>Reports left out because their kind is not their series' (stored before the kind rule, or a race with retention).</summary>
    public int Ignored { get; private set; }

    /// <summary>The merged report of each series the chunk touched.</summary>
    public IEnumerable<KpiSeriesDelta> Series => _series.Values;

    /// <summary>Per series and UTC minute (event time).</summary>
    public IEnumerable<KpiBucketDelta> Minutes => _minutes.Values;

    /// <summary>Per series and UTC quarter-hour (<see cref="QuarterHours.Of"/>).</summary>
    public IEnumerable<KpiBucketDelta> Quarters => _quarters.Values;

    /// <summary>The tenants whose series the chunk changed.</summary>
    public IReadOnlyCollection<string> Tenants => _series.Keys.Select(k => k.Tenant).ToHashSet(StringComparer.Ordinal);

    /// <summary>Applies <paramref name="events"/> in commit order (a new series takes the kind of its first committed report).</summary>
    public void ApplyAll(IEnumerable<KpiEvent> events)
    {
        foreach (var e in events.OrderBy(e => e.Txid).ThenBy(e => e.Seq))
        {
            Apply(e);
        }
    }

    private void Apply(KpiEvent e)
    {
        var key = (e.Tenant, e.Key);
        if (!_kinds.TryGetValue(key, out var kind))
        {
            kind = _storedKinds.TryGetValue(key, out var stored) ? stored : e.Kind;
            _kinds[key] = kind;
        }

        if (kind != e.Kind)
        {
            Ignored++;
            return;
        }

        _series[key] = _series.TryGetValue(key, out var series) ? series.With(e) : KpiSeriesDelta.From(e);
        var minute = new DateTime(e.Time.Ticks - e.Time.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        Bucket(_minutes, (e.Tenant, e.Key, minute), e);
        Bucket(_quarters, (e.Tenant, e.Key, QuarterHours.Of(e.Time)), e);
    }

    private static void Bucket(Dictionary<(string, string, DateTime), KpiBucketDelta> buckets, (string Tenant, string Key, DateTime Bucket) key, KpiEvent e) =>
        buckets[key] = buckets.TryGetValue(key, out var bucket) ? bucket.With(e) : new KpiBucketDelta(e.Tenant, e.Key, key.Bucket, e.Value, e.Time, e.Txid, e.Seq, e.Value, 1);
}

/// <summary>One chunk's merged reports of one series.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Key">The series key.</param>
/// <param name="Name">The metric name.</param>
/// <param name="Labels">The labels.</param>
/// <param name="Kind">The series' kind.</param>
/// <param name="Last">The newest report's value by (event time, txid, seq).</param>
/// <param name="LastTime">Its event time.</param>
/// <param name="LastTxid">Its transaction.</param>
/// <param name="LastSeq">Its sequence number.</param>
/// <param name="Sum">The sum of the reports' values (a counter's increase).</param>
/// <param name="Reports">Reports merged.</param>
/// <param name="LastReceivedAt">The latest arrival among them.</param>
internal sealed record KpiSeriesDelta(
    string Tenant, string Key, string Name, IReadOnlyDictionary<string, string> Labels, string Kind,
    double Last, DateTime LastTime, ulong LastTxid, long LastSeq, double Sum, long Reports, DateTime LastReceivedAt)
{
    /// <summary>The delta of one report.</summary>
    public static KpiSeriesDelta From(KpiEvent e) =>
        new(e.Tenant, e.Key, e.Name, e.Labels, e.Kind, e.Value, e.Time, e.Txid, e.Seq, e.Value, 1, e.ReceivedAt);

    /// <summary>This delta with <paramref name="e"/> merged in.</summary>
    public KpiSeriesDelta With(KpiEvent e)
    {
        var merged = this with { Sum = Sum + e.Value, Reports = Reports + 1, LastReceivedAt = e.ReceivedAt > LastReceivedAt ? e.ReceivedAt : LastReceivedAt };
        return Newer(e.Time, e.Txid, e.Seq, LastTime, LastTxid, LastSeq)
            ? merged with { Last = e.Value, LastTime = e.Time, LastTxid = e.Txid, LastSeq = e.Seq }
            : merged;
    }

    /// <summary>True when report a comes after report b by (event time, txid, seq), the gauge's order.</summary>
    internal static bool Newer(DateTime aTime, ulong aTxid, long aSeq, DateTime bTime, ulong bTxid, long bSeq) =>
        (aTime, aTxid, aSeq).CompareTo((bTime, bTxid, bSeq)) > 0;
}

/// <summary>One chunk's merged reports of one series in one bucket (a UTC minute or quarter-hour).</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Key">The series key.</param>
/// <param name="Bucket">The bucket's start (UTC).</param>
/// <param name="Last">The newest report's value in the bucket by (event time, txid, seq).</param>
/// <param name="LastTime">Its event time.</param>
/// <param name="LastTxid">Its transaction.</param>
/// <param name="LastSeq">Its sequence number.</param>
/// <param name="Sum">The sum of the bucket's values.</param>
/// <param name="Reports">Reports in the bucket.</param>
internal sealed record KpiBucketDelta(string Tenant, string Key, DateTime Bucket, double Last, DateTime LastTime, ulong LastTxid, long LastSeq, double Sum, int Reports)
{
    /// <summary>This delta with <paramref name="e"/> merged in.</summary>
    public KpiBucketDelta With(KpiEvent e)
    {
        var merged = this with { Sum = Sum + e.Value, Reports = Reports + 1 };
        return KpiSeriesDelta.Newer(e.Time, e.Txid, e.Seq, LastTime, LastTxid, LastSeq)
            ? merged with { Last = e.Value, LastTime = e.Time, LastTxid = e.Txid, LastSeq = e.Seq }
            : merged;
    }
}

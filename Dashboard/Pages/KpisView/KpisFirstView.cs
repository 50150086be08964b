using System.Globalization;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;

namespace Dashboard.Pages.KpisView;

/// <summary>
/// What the KPIs &amp; Activity page and the Wallboard's <c>kpis</c> view show before their scripts connect
/// (docs/pages.md, "KPIs &amp; Activity"): the hub's newest <c>kpis_update</c> and <c>activity</c> snapshots of the tenant.
/// The scripts then follow topics <c>kpis</c> and <c>activity</c>; without a snapshot on this node they read
/// <c>GET /api/v1/kpis</c> and <c>GET /api/v1/activity</c>.
/// </summary>
internal sealed class KpisFirstView
{
    /// <summary>Topic of the custom KPI series (docs/protocol.md §5).</summary>
    public const string KpisTopic = "kpis";

    /// <summary>Topic of the activity feed (docs/protocol.md §5).</summary>
    public const string ActivityTopic = "activity";

    /// <summary>Nothing published for the tenant on this node.</summary>
    public static KpisFirstView None { get; } = new();

    /// <summary>The newest <c>kpis_update</c> payload, or null.</summary>
    public KpisSnapshot? Update { get; private init; }

    /// <summary>The <c>kpis</c> snapshot's envelope as JSON (or <c>null</c>), safe inside a script element.</summary>
    public string KpisEnvelopeJson { get; private init; } = SnapshotEnvelope.NoEnvelope;

    /// <summary>The <c>activity</c> snapshot's envelope as JSON (or <c>null</c>), safe inside a script element.</summary>
    public string ActivityEnvelopeJson { get; private init; } = SnapshotEnvelope.NoEnvelope;

    /// <summary>True when the activity snapshot holds at least one entry.</summary>
    public bool HasActivity { get; private init; }

    /// <summary>The series shown, in key order (empty before the first payload).</summary>
    public IReadOnlyList<KpiSeriesSnapshot> Series => Update?.Series ?? [];

    /// <summary>The payload's <c>computedAt</c> (ISO 8601 UTC), or null.</summary>
    public string? UpdatedAt => Update is null ? null : Display.Iso(Update.ComputedAt);

    /// <summary>
    /// Known to be empty: a payload with no series and an activity snapshot with no entry (or none). Unknown (false) without a
    /// <c>kpis</c> payload: the script reads the REST endpoints then. Twin of <c>isEmpty</c> in <c>wwwroot/js/kpis.js</c>.
    /// </summary>
    public bool KnownEmpty => Update is { } u && u.SeriesCount == 0 && !HasActivity;

    /// <summary>The newest <c>kpis</c> and <c>activity</c> snapshots of <paramref name="tenant"/> on this node.</summary>
    public static KpisFirstView Load(RealtimeHub hub, string tenant)
    {
        var (update, kpisJson) = SnapshotEnvelope.Load<KpisSnapshot>(hub, tenant, KpisTopic);
        var (activity, activityJson) = SnapshotEnvelope.Load<ActivitySnapshot>(hub, tenant, ActivityTopic);
        return new KpisFirstView
        {
            Update = update,
            KpisEnvelopeJson = kpisJson,
            ActivityEnvelopeJson = activityJson,
            HasActivity = activity?.Items is { Count: > 0 },
        };
    }

    /// <summary>
    /// The series <paramref name="wanted"/> selects (<c>Pages:Wallboard:Kpis</c>), in its order: an entry equal to a series
    /// key selects that series, a bare name every series of that name (in key order); each series once; at most
    /// <paramref name="max"/>. Twin of <c>selectSeries</c> in <c>wwwroot/js/kpi-view.js</c>.
    /// </summary>
    public IReadOnlyList<KpiSeriesSnapshot> Select(IReadOnlyList<string> wanted, int max)
    {
        var picked = new List<KpiSeriesSnapshot>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in wanted)
        {
            var matches = Series.Where(s => s.Key == w).Concat(w.Contains('{', StringComparison.Ordinal) ? [] : Series.Where(s => s.Name == w));
            foreach (var s in matches)
            {
                if (picked.Count >= max)
                {
                    return picked;
                }

                if (seen.Add(s.Key))
                {
                    picked.Add(s);
                }
            }
        }

        return picked;
    }

    /// <summary>A series' labels as the cards write them: <c>region=eu · channel=web</c>, or "all" without labels.</summary>
    public static string LabelsText(IReadOnlyDictionary<string, string>? labels) =>
        labels is { Count: > 0 } ? string.Join(" · ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) : "all";

    /// <summary>A KPI value as the cards write it: up to 2 decimals, grouped (<c>1,234.5</c>); "—" for null. Twin of <c>valueText</c> in kpi-view.js.</summary>
    public static string ValueText(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("#,##0.##", CultureInfo.InvariantCulture) : Display.None;
}

/// <summary>The members of a <c>kpis_update</c> payload the first view reads (docs/metrics.md §8; the script reads all).</summary>
/// <param name="TimeZone">The tenant's business-day zone.</param>
/// <param name="SeriesCount">Every series of the tenant (the list may be cut).</param>
/// <param name="Truncated">True when <paramref name="Series"/> holds fewer than <paramref name="SeriesCount"/>.</param>
/// <param name="Series">The series, by key.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
internal sealed record KpisSnapshot(string? TimeZone, int SeriesCount, bool Truncated, IReadOnlyList<KpiSeriesSnapshot>? Series, DateTime ComputedAt);

/// <summary>One series of a <c>kpis_update</c> payload.</summary>
/// <param name="Name">The series name.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Key">The series key (<c>leads{region="eu"}</c>).</param>
/// <param name="Kind"><c>gauge</c> or <c>counter</c>.</param>
/// <param name="Value">The gauge's newest value or the counter's total.</param>
/// <param name="RatePerMinute">A counter's increase per minute over the last 5 complete minutes; null for a gauge.</param>
/// <param name="Unit">The unit (label <c>unit</c> or <c>Kpis:Units:{name}</c>), or null.</param>
/// <param name="Stale">True when no report arrived for <c>Kpis:StaleAfterSeconds</c>.</param>
/// <param name="LastReportAt">When the newest report was received (UTC).</param>
internal sealed record KpiSeriesSnapshot(
    string Name, IReadOnlyDictionary<string, string>? Labels, string Key, string Kind, double? Value, double? RatePerMinute,
    string? Unit, bool Stale, DateTime? LastReportAt);

/// <summary>The part of an <c>activity</c> snapshot the first view reads: its entries, newest first.</summary>
/// <param name="Items">The entries (at most 200).</param>
internal sealed record ActivitySnapshot(IReadOnlyList<System.Text.Json.JsonElement>? Items);

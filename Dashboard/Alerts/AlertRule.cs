namespace Dashboard.Alerts;

/// <summary>
/// One alert rule of a tenant (docs/alerts.md, "Rule reference"): the wire shape of <c>/api/v1/alerts/rules</c> and what the
/// evaluator reads. Thresholds compare with <see cref="Direction"/>: <c>above</c> breaches when value &gt; threshold and
/// recovers when value &lt; recovery; <c>below</c> mirrors it. A recovery threshold defaults to its threshold (no band).
/// </summary>
/// <param name="Id">1..64 of <c>[A-Za-z0-9_.:-]</c>, unique per tenant.</param>
/// <param name="Name">1..200 characters.</param>
/// <param name="Metric">A metric reference of the catalogue (docs/alerts.md, "Metrics"), e.g. <c>queue.longestWaitSeconds</c> or <c>kpi:leads</c>.</param>
/// <param name="Labels">Label selector (exact match), at most 8 pairs; empty = every label set of the metric.</param>
/// <param name="Direction"><c>above</c> or <c>below</c>.</param>
/// <param name="Warning">Warning threshold; null = no warning severity. At least one of warning and critical is set.</param>
/// <param name="Critical">Critical threshold; null = no critical severity.</param>
/// <param name="WarningRecovery">Warning recovery threshold (hysteresis); null = <paramref name="Warning"/>.</param>
/// <param name="CriticalRecovery">Critical recovery threshold; null = <paramref name="Critical"/>.</param>
/// <param name="ForSeconds">Pending period: breaching this long before firing (0..86,400 s).</param>
/// <param name="KeepFiringForSeconds">Recovering period: recovered this long before resolving (0..86,400 s).</param>
/// <param name="NoData"><c>ok</c> (no data resolves), <c>alerting</c> (no data breaches every severity) or <c>keep</c> (no change).</param>
/// <param name="SilencedUntil">Until when the rule sends no notification (UTC); null = not silenced.</param>
/// <param name="SilencedBy">Who silenced it (the token's <c>sub</c>); null when not silenced.</param>
/// <param name="Source"><c>config</c> (<c>Alerts:Rules</c>, read-only over REST) or <c>api</c>.</param>
/// <param name="Version">Increments on every change of the definition (PUT, a changed configured rule); a silence leaves it.</param>
/// <param name="CreatedAt">When the rule was first stored (UTC).</param>
/// <param name="UpdatedAt">When it was last edited or silenced (UTC).</param>
internal sealed record AlertRule(
    string Id, string Name, string Metric, IReadOnlyDictionary<string, string> Labels, string Direction,
    double? Warning, double? Critical, double? WarningRecovery, double? CriticalRecovery,
    int ForSeconds, int KeepFiringForSeconds, string NoData,
    DateTimeOffset? SilencedUntil, string? SilencedBy, string Source, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A rule with the tenant it belongs to (the evaluator reads every tenant's rules at once).</summary>
internal sealed record TenantAlertRule(string Tenant, AlertRule Rule);

/// <summary>
/// One value of a rule's metric for one label set, read from the hub's newest snapshots (never from history).
/// </summary>
/// <param name="Labels">The sample's labels, e.g. <c>{queue: support}</c>; empty for a tenant-wide figure.</param>
/// <param name="LabelKey">The canonical text of <paramref name="Labels"/> (<c>{a="x",b="y"}</c>, sorted; <c>""</c> when none).</param>
/// <param name="Value">The figure; null = no data for this label set (a null ratio, a stale KPI series).</param>
internal sealed record MetricSample(IReadOnlyDictionary<string, string> Labels, string LabelKey, double? Value);

/// <summary>
/// The metric catalogue (docs/alerts.md, "Metrics"): resolves a rule's metric reference against the newest snapshots
/// this node's hub holds. Implemented in <c>Alerts/Metrics/</c>.
/// </summary>
internal interface IAlertMetricSource
{
    /// <summary>
    /// The samples of <paramref name="metric"/> matching <paramref name="selector"/> for <paramref name="tenant"/>; empty when
    /// the tenant has no snapshot for it, or the snapshot is older than <c>Alerts:MaxSnapshotAgeSeconds</c> at
    /// <paramref name="now"/> (no data). Never throws for a malformed or missing snapshot.
    /// </summary>
    IReadOnlyList<MetricSample> Read(string tenant, string metric, IReadOnlyDictionary<string, string> selector, DateTimeOffset now);
}

using Dashboard.Alerts.Evaluation;

namespace Dashboard.Alerts.State;

/// <summary>
/// One row of <c>alert_instances</c>: the state of one (rule, label set) per severity, as the evaluator reads and writes it
/// (docs/alert-states.md). <see cref="Version"/> increments on every write.
/// </summary>
/// <param name="Id">The instance id (<c>alertId</c> of its notifications); 0 for one not stored yet.</param>
/// <param name="Tenant">The tenant.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="LabelKey">Canonical label text (<c>{a="x"}</c>, <c>""</c> for none).</param>
/// <param name="Labels">The label set.</param>
/// <param name="Warning">The warning severity's state.</param>
/// <param name="Critical">The critical severity's state.</param>
/// <param name="Level">The notified level (<see cref="AlertLevels"/>).</param>
/// <param name="LevelSince">When the level was last changed.</param>
/// <param name="Value">The newest evaluated value; null = no data.</param>
/// <param name="EvaluatedAt">The last pass that changed it (a state, the level, the acknowledgement or the value); passes that change nothing do not write.</param>
/// <param name="AcknowledgedBy">Who acknowledged the current level (token <c>sub</c>); cleared when the level returns to none.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="Version">Optimistic version.</param>
internal sealed record AlertInstanceRow(
    long Id, string Tenant, string RuleId, string LabelKey, IReadOnlyDictionary<string, string> Labels,
    SeverityState Warning, SeverityState Critical, string Level, DateTimeOffset LevelSince, double? Value,
    DateTimeOffset EvaluatedAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, long Version);

/// <summary>One severity in the instance's wire shape.</summary>
/// <param name="State"><c>normal</c>, <c>pending</c>, <c>firing</c> or <c>recovering</c>.</param>
/// <param name="Since">When it entered that state (UTC).</param>
internal sealed record AlertSeverityView(string State, DateTimeOffset Since);

/// <summary>A state change in the instance's wire shape (null for an acknowledgement).</summary>
/// <param name="Severity"><c>warning</c> or <c>critical</c>.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="At">When (UTC).</param>
internal sealed record AlertTransitionView(string Severity, string From, string To, DateTimeOffset At);

/// <summary>
/// An alert instance on the wire (docs/alert-states.md, "Instance"): the data of an <c>alert_state</c> message on topic
/// <c>notifications</c> and an item of <c>GET /api/v1/alerts</c>.
/// </summary>
/// <param name="Id">The instance id.</param>
/// <param name="RuleId">Its rule.</param>
/// <param name="RuleName">The rule's name (null when the rule is gone).</param>
/// <param name="Metric">The rule's metric (null when the rule is gone).</param>
/// <param name="Labels">The label set.</param>
/// <param name="LabelKey">Its canonical text.</param>
/// <param name="State">The most severe severity's state that is not normal, critical first; <c>normal</c> when both are.</param>
/// <param name="Severity">The severity <see cref="State"/> belongs to; null when normal.</param>
/// <param name="Level">The notified level: <c>none</c>, <c>warning</c> or <c>critical</c>.</param>
/// <param name="Since">When <see cref="State"/> was entered (or the level last changed, when normal).</param>
/// <param name="Value">The newest evaluated value; null = no data.</param>
/// <param name="Warning">The warning severity; null for a rule without a warning threshold.</param>
/// <param name="Critical">The critical severity; null for a rule without a critical threshold.</param>
/// <param name="AcknowledgedBy">Who acknowledged (token <c>sub</c>); null when not acknowledged.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="SilencedUntil">The rule's silence (UTC), when in the future; else null.</param>
/// <param name="EvaluatedAt">The last pass that changed it (a state, the level, the acknowledgement or the value); passes that change nothing do not write.</param>
/// <param name="Transition">What this message announces; null for an acknowledgement and in REST lists.</param>
/// <param name="Version">
/// The stored row's version (<c>alert_instances.version</c>): it increases on every write of the instance, acknowledgements
/// included, so of two views of one instance the higher version is the newer; a client keeps the highest it has seen
/// (docs/alert-states.md, "Instance shape").
/// </param>
internal sealed record AlertInstanceView(
    long Id, string RuleId, string? RuleName, string? Metric, IReadOnlyDictionary<string, string> Labels, string LabelKey,
    string State, string? Severity, string Level, DateTimeOffset Since, double? Value,
    AlertSeverityView? Warning, AlertSeverityView? Critical, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? SilencedUntil, DateTimeOffset EvaluatedAt, AlertTransitionView? Transition, long Version)
{
    /// <summary>
    /// The wire shape of <paramref name="row"/> under <paramref name="rule"/> (null when the rule is gone); its version is
    /// <paramref name="row"/>'s, so a caller that has written the row since reading it passes the written version.
    /// </summary>
    public static AlertInstanceView Of(AlertInstanceRow row, AlertRule? rule, DateTimeOffset now, AlertTransitionView? transition = null)
    {
        var (state, severity, since) = row.Critical.State != AlertStates.Normal
            ? (row.Critical.State, (string?)AlertLevels.Critical, row.Critical.Since)
            : row.Warning.State != AlertStates.Normal
                ? (row.Warning.State, AlertLevels.Warning, row.Warning.Since)
                : (AlertStates.Normal, null, Max(row.Warning.Since, row.Critical.Since));
        return new(
            row.Id, row.RuleId, rule?.Name, rule?.Metric, row.Labels, row.LabelKey, state, severity, row.Level, since, row.Value,
            rule is null || rule.Warning is not null ? new(row.Warning.State, row.Warning.Since) : null,
            rule is null || rule.Critical is not null ? new(row.Critical.State, row.Critical.Since) : null,
            row.AcknowledgedBy, row.AcknowledgedAt,
            rule?.SilencedUntil is { } until && until > now ? until : null,
            row.EvaluatedAt, transition, row.Version);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>The answer of <c>GET /api/v1/alerts</c>.</summary>
/// <param name="Rules">The tenant's rules.</param>
/// <param name="Alerts">Every instance of them, by rule id then label key.</param>
/// <param name="ComputedAt">When it was read (UTC).</param>
internal sealed record AlertsList(IReadOnlyList<AlertRule> Rules, IReadOnlyList<AlertInstanceView> Alerts, DateTimeOffset ComputedAt);

/// <summary>One stored transition (<c>GET /api/v1/alerts/history</c>).</summary>
/// <param name="Id">The transition's id (higher = newer).</param>
/// <param name="AlertId">The instance.</param>
/// <param name="RuleId">Its rule.</param>
/// <param name="RuleName">The rule's name now (null when the rule is gone).</param>
/// <param name="Labels">The label set.</param>
/// <param name="LabelKey">Its canonical text.</param>
/// <param name="Severity"><c>warning</c> or <c>critical</c>.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Value">The value that caused it (null = no data).</param>
/// <param name="At">When (UTC).</param>
internal sealed record AlertHistoryItem(
    long Id, long AlertId, string RuleId, string? RuleName, IReadOnlyDictionary<string, string> Labels, string LabelKey,
    string Severity, string From, string To, double? Value, DateTimeOffset At);

/// <summary>The answer of <c>GET /api/v1/alerts/history</c>.</summary>
/// <param name="Items">Newest first, at most 1,000.</param>
/// <param name="Hours">The window read.</param>
internal sealed record AlertHistory(IReadOnlyList<AlertHistoryItem> Items, int Hours);

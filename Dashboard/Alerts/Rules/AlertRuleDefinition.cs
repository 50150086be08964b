namespace Dashboard.Alerts.Rules;

/// <summary>
/// A rule's definition after <see cref="AlertRuleValidator"/>: every bound checked, the inline selector moved into
/// <see cref="Labels"/>, defaults applied. What REST and the config sync store.
/// </summary>
internal sealed record AlertRuleDefinition(
    string Id, string Name, string Metric, IReadOnlyDictionary<string, string> Labels, string Direction,
    double? Warning, double? Critical, double? WarningRecovery, double? CriticalRecovery,
    int ForSeconds, int KeepFiringForSeconds, string NoData)
{
    /// <summary>True when <paramref name="rule"/> has this definition (the config sync leaves such a rule's version alone).</summary>
    public bool SameAs(AlertRule rule) =>
        Name == rule.Name && NoData == rule.NoData
        && Warning == rule.Warning && Critical == rule.Critical && WarningRecovery == rule.WarningRecovery && CriticalRecovery == rule.CriticalRecovery
        && ForSeconds == rule.ForSeconds && KeepFiringForSeconds == rule.KeepFiringForSeconds
        && SameSelector(rule);

    /// <summary>
    /// True when <paramref name="rule"/> watches what this definition watches: the same metric, labels and direction. When
    /// any of them changes, the rule's alert instances were judged by another question and are deleted with the edit
    /// (docs/alert-states.md, "Exactly once"); a change of thresholds or periods keeps them.
    /// </summary>
    public bool SameSelector(AlertRule rule) =>
        Metric == rule.Metric && Direction == rule.Direction
        && Labels.Count == rule.Labels.Count && Labels.All(l => rule.Labels.TryGetValue(l.Key, out var v) && v == l.Value);
}

/// <summary>
/// A rule as given (REST body or <c>Alerts:Rules:{i}</c>), before validation; null = absent. Field names are the JSON
/// names of docs/alerts.md; the config keys are the same, capitalised.
/// </summary>
internal sealed record AlertRuleInput(
    string? Id, string? Name, string? Metric, IReadOnlyDictionary<string, string>? Labels, string? Direction,
    double? Warning, double? Critical, double? WarningRecovery, double? CriticalRecovery,
    int? ForSeconds, int? KeepFiringForSeconds, string? NoData);

using Dashboard.Alerts.State;

namespace Dashboard.Alerts.Evaluation;

/// <summary>What one pass did to one instance: its row after, the severities that changed, and the notification it owes.</summary>
/// <param name="Row">The instance after the pass.</param>
/// <param name="Transitions">The severities whose state changed: (severity, from, to).</param>
/// <param name="Notification"><c>firing</c>, <c>escalated</c>, <c>deescalated</c> or <c>resolved</c> when the level changed
/// and the rule is neither silenced nor the instance acknowledged (an escalation past a warning-level acknowledgement
/// counts as not acknowledged); else null.</param>
/// <param name="LevelChanged">True when the notified level changed (whether or not a notification is sent).</param>
internal sealed record AlertInstanceStep(
    AlertInstanceRow Row, IReadOnlyList<(string Severity, string From, string To)> Transitions, string? Notification, bool LevelChanged)
{
    /// <summary>
    /// Evaluates <paramref name="before"/> under <paramref name="rule"/> with <paramref name="value"/> (null = no data) at
    /// <paramref name="now"/> (docs/alert-states.md): both severities step, the level follows the highest active one
    /// (critical inhibits warning), and a level change owes a notification unless the rule is silenced or the instance
    /// acknowledged. The acknowledgement is cleared when the level returns to none, and by an escalation from warning to
    /// critical past an acknowledgement made at warning (which then notifies unless silenced).
    /// </summary>
    public static AlertInstanceStep Evaluate(AlertInstanceRow before, AlertRule rule, double? value, DateTimeOffset now)
    {
        var warning = AlertStateMachine.Step(before.Warning, SeverityRule.Warning(rule), value, now);
        var critical = AlertStateMachine.Step(before.Critical, SeverityRule.Critical(rule), value, now);
        var level = AlertLevels.Of(warning.State, critical.State);
        var levelChanged = level != before.Level;
        // An acknowledgement covers the level it was made at: an escalation to critical past a warning-level ack is new
        // and clears it. An ack older than the warning level was made at critical (the level only left critical since),
        // so a re-escalation stays covered (docs/alert-states.md, "Acknowledge and silence").
        var ackOutgrown = before.Level == AlertLevels.Warning && level == AlertLevels.Critical
            && before.AcknowledgedAt is { } ackedAt && ackedAt >= before.LevelSince;
        var acknowledged = before.AcknowledgedAt is not null && !ackOutgrown;
        var suppressed = rule.SilencedUntil > now || acknowledged;
        var notification = suppressed ? null : AlertLevels.Notification(before.Level, level);
        var clearAck = level == AlertLevels.None || ackOutgrown;
        var row = before with
        {
            Warning = warning,
            Critical = critical,
            Level = level,
            LevelSince = levelChanged ? now : before.LevelSince,
            Value = value is { } v && double.IsFinite(v) ? v : null,
            EvaluatedAt = now,
            AcknowledgedBy = clearAck ? null : before.AcknowledgedBy,
            AcknowledgedAt = clearAck ? null : before.AcknowledgedAt,
        };
        var transitions = new List<(string, string, string)>(2);
        if (warning.State != before.Warning.State)
        {
            transitions.Add((AlertLevels.Warning, before.Warning.State, warning.State));
        }

        if (critical.State != before.Critical.State)
        {
            transitions.Add((AlertLevels.Critical, before.Critical.State, critical.State));
        }

        return new(row, transitions, notification, levelChanged);
    }

    /// <summary>True when the pass changed nothing but the evaluation time: the row need not be written.</summary>
    public bool Unchanged(AlertInstanceRow before) => Row with { EvaluatedAt = before.EvaluatedAt } == before;

    /// <summary>A label set seen for the first time: normal in both severities since <paramref name="now"/>, level none.</summary>
    public static AlertInstanceRow New(string tenant, string ruleId, string labelKey, IReadOnlyDictionary<string, string> labels, DateTimeOffset now) =>
        new(0, tenant, ruleId, labelKey, labels, new(AlertStates.Normal, now), new(AlertStates.Normal, now), AlertLevels.None, now, null, now, null, null, 0);
}

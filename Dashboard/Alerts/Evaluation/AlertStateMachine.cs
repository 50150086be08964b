namespace Dashboard.Alerts.Evaluation;

/// <summary>The four states of one severity of an alert instance (docs/alert-states.md, "States").</summary>
internal static class AlertStates
{
    /// <summary>Not breaching (or never evaluated).</summary>
    public const string Normal = "normal";

    /// <summary>Breaching, for less than the rule's <c>forSeconds</c>.</summary>
    public const string Pending = "pending";

    /// <summary>Breached for <c>forSeconds</c>; stays until recovered.</summary>
    public const string Firing = "firing";

    /// <summary>Recovered after firing, for less than the rule's <c>keepFiringForSeconds</c>.</summary>
    public const string Recovering = "recovering";

    /// <summary>True for the states that count as alerting (<see cref="Firing"/>, <see cref="Recovering"/>): they set the notified level.</summary>
    public static bool IsActive(string state) => state is Firing or Recovering;
}

/// <summary>The notified level of an instance and the rule notification states (docs/alert-states.md, "Notifications").</summary>
internal static class AlertLevels
{
    /// <summary>No severity is firing or recovering.</summary>
    public const string None = "none";

    /// <summary>The warning severity is firing or recovering and critical is not.</summary>
    public const string Warning = "warning";

    /// <summary>The critical severity is firing or recovering (it inhibits warning).</summary>
    public const string Critical = "critical";

    /// <summary>The level of an instance whose severities are in <paramref name="warning"/> and <paramref name="critical"/>.</summary>
    public static string Of(string warning, string critical) =>
        AlertStates.IsActive(critical) ? Critical : AlertStates.IsActive(warning) ? Warning : None;

    /// <summary>
    /// The notification a level change announces: <c>firing</c> (none → warning|critical), <c>escalated</c> (warning →
    /// critical), <c>deescalated</c> (critical → warning), <c>resolved</c> (→ none); null when the level did not change.
    /// </summary>
    public static string? Notification(string from, string to) => (from, to) switch
    {
        _ when from == to => null,
        (None, _) => "firing",
        (Warning, Critical) => "escalated",
        (Critical, Warning) => "deescalated",
        (_, None) => "resolved",
        _ => null,
    };

    /// <summary>The notification's severity: firing warning → <c>warning</c>, firing critical and escalated → <c>error</c>,
    /// deescalated → <c>warning</c>, resolved → <c>success</c>.</summary>
    public static string NotificationSeverity(string notification, string level) => notification switch
    {
        "firing" => level == Critical ? "error" : "warning",
        "escalated" => "error",
        "deescalated" => "warning",
        _ => "success",
    };
}

/// <summary>One severity's state and since when it holds (UTC).</summary>
/// <param name="State">One of <see cref="AlertStates"/>.</param>
/// <param name="Since">When the state was entered (or, in <c>recovering</c>, when the value last left the band recovered).</param>
internal readonly record struct SeverityState(string State, DateTimeOffset Since);

/// <summary>The thresholds of one severity of a rule (docs/alerts.md, "Rule reference").</summary>
/// <param name="Threshold">Breaching beyond it (above: value &gt; threshold; below: value &lt; threshold).</param>
/// <param name="Recovery">Recovered beyond it the other way (above: value &lt; recovery; below: value &gt; recovery).</param>
/// <param name="Above">True for direction <c>above</c>.</param>
/// <param name="ForSeconds">Pending period.</param>
/// <param name="KeepFiringForSeconds">Recovering period.</param>
/// <param name="NoData"><c>ok</c>, <c>alerting</c> or <c>keep</c>.</param>
internal sealed record SeverityRule(double Threshold, double Recovery, bool Above, int ForSeconds, int KeepFiringForSeconds, string NoData)
{
    /// <summary>The warning severity of <paramref name="rule"/>; null when it has no warning threshold.</summary>
    public static SeverityRule? Warning(AlertRule rule) =>
        rule.Warning is { } t ? new(t, rule.WarningRecovery ?? t, rule.Direction != "below", rule.ForSeconds, rule.KeepFiringForSeconds, rule.NoData) : null;

    /// <summary>The critical severity of <paramref name="rule"/>; null when it has no critical threshold.</summary>
    public static SeverityRule? Critical(AlertRule rule) =>
        rule.Critical is { } t ? new(t, rule.CriticalRecovery ?? t, rule.Direction != "below", rule.ForSeconds, rule.KeepFiringForSeconds, rule.NoData) : null;
}

/// <summary>
/// The state machine of one severity of one alert instance (docs/alert-states.md): pure, the clock is the caller's
/// <c>now</c>. <c>normal → pending → firing → recovering → normal</c>, with the hysteresis band between threshold and
/// recovery keeping the state.
/// </summary>
internal static class AlertStateMachine
{
    private enum Reading { Breaching, Band, Recovered, Keep }

    /// <summary>
    /// The next state of a severity in <paramref name="current"/> given <paramref name="value"/> (null = no data) at
    /// <paramref name="now"/>; a severity the rule no longer has (<paramref name="rule"/> null) goes to <c>normal</c>.
    /// </summary>
    public static SeverityState Step(SeverityState current, SeverityRule? rule, double? value, DateTimeOffset now)
    {
        if (rule is null)
        {
            return current.State == AlertStates.Normal ? current : new(AlertStates.Normal, now);
        }

        var reading = Read(rule, value);
        if (reading == Reading.Keep)
        {
            return current;
        }

        switch (current.State)
        {
            case AlertStates.Pending:
                if (reading != Reading.Breaching)
                {
                    // Breaching must last forSeconds without a break: the band is a break too.
                    return new(AlertStates.Normal, now);
                }

                return now - current.Since >= TimeSpan.FromSeconds(rule.ForSeconds) ? new(AlertStates.Firing, now) : current;

            case AlertStates.Firing:
                if (reading != Reading.Recovered)
                {
                    return current;
                }

                return rule.KeepFiringForSeconds == 0 ? new(AlertStates.Normal, now) : new(AlertStates.Recovering, now);

            case AlertStates.Recovering:
                return reading switch
                {
                    Reading.Breaching => new(AlertStates.Firing, now),
                    // Not recovered any more: the recovering clock starts again when it is (no state change, no transition).
                    Reading.Band => current with { Since = now },
                    _ => now - current.Since >= TimeSpan.FromSeconds(rule.KeepFiringForSeconds) ? new(AlertStates.Normal, now) : current,
                };

            default:
                if (reading != Reading.Breaching)
                {
                    return current.State == AlertStates.Normal ? current : new(AlertStates.Normal, now);
                }

                return rule.ForSeconds == 0 ? new(AlertStates.Firing, now) : new(AlertStates.Pending, now);
        }
    }

    private static Reading Read(SeverityRule rule, double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return rule.NoData switch
            {
                "ok" => Reading.Recovered,
                "alerting" => Reading.Breaching,
                _ => Reading.Keep,
            };
        }

        if (rule.Above ? v > rule.Threshold : v < rule.Threshold)
        {
            return Reading.Breaching;
        }

        return (rule.Above ? v < rule.Recovery : v > rule.Recovery) ? Reading.Recovered : Reading.Band;
    }
}

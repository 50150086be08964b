using Dashboard.Alerts;
using Dashboard.Alerts.Evaluation;
using Dashboard.Alerts.State;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// The pure state machine of docs/alert-states.md, one pass at a time with an explicit clock: hysteresis, pending,
/// keep-firing-for, no data, escalation and inhibition, and silence/acknowledgement suppressing notifications only.
/// </summary>
public sealed class AlertStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    internal static AlertRule Rule(
        double? warning = 300, double? critical = null, double? warningRecovery = null, double? criticalRecovery = null,
        int forSeconds = 0, int keepFor = 0, string noData = "keep", string direction = "above", DateTimeOffset? silencedUntil = null) =>
        new("wait", "Longest wait", "queue.longestWaitSeconds", new Dictionary<string, string>(), direction, warning, critical,
            warningRecovery, criticalRecovery, forSeconds, keepFor, noData, silencedUntil, silencedUntil is null ? null : "sup", "api", 1, T0, T0);

    // Runs the values one second apart from T0; returns the notifications sent and the final row.
    private static (List<string> Notifications, AlertInstanceRow Row, List<string> States) Run(AlertRule rule, params double?[] values)
    {
        var row = AlertInstanceStep.New("t", rule.Id, "", new Dictionary<string, string>(), T0) with { Id = 1 };
        var sent = new List<string>();
        var states = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            var step = AlertInstanceStep.Evaluate(row, rule, values[i], T0.AddSeconds(i + 1));
            row = step.Row;
            if (step.Notification is { } n)
            {
                sent.Add($"{n}:{row.Level}");
            }

            states.Add($"{row.Warning.State}/{row.Critical.State}");
        }

        return (sent, row, states);
    }

    [Fact]
    public void A_value_oscillating_inside_the_hysteresis_band_fires_once_and_resolves_once()
    {
        var rule = Rule(warning: 300, warningRecovery: 240);
        var (sent, row, _) = Run(rule, 250, 310, 290, 301, 260, 299, 310, 241, 300, 250, 239, 250, 290);
        Assert.Equal(["firing:warning", "resolved:none"], sent);
        Assert.Equal(AlertStates.Normal, row.Warning.State);
    }

    [Fact]
    public void Without_a_band_every_crossing_notifies_which_is_what_the_recovery_threshold_prevents()
    {
        var (sent, _, _) = Run(Rule(warning: 300), 310, 290, 310, 290);
        Assert.Equal(["firing:warning", "resolved:none", "firing:warning", "resolved:none"], sent);
    }

    [Fact]
    public void A_spike_shorter_than_forSeconds_sends_nothing_and_a_longer_one_fires_after_it()
    {
        var rule = Rule(warning: 300, forSeconds: 5);
        var (sent, _, states) = Run(rule, 400, 400, 400, 400, 100, 400, 400);
        Assert.Empty(sent);
        Assert.Equal("pending/normal", states[0]);
        Assert.Equal("normal/normal", states[4]);

        // Breaching at 1..7 s: pending since 1 s, firing at 6 s (5 s later), not before.
        var (late, _, lateStates) = Run(rule, 400, 400, 400, 400, 400, 400, 400);
        Assert.Equal(["firing:warning"], late);
        Assert.Equal("pending/normal", lateStates[4]);
        Assert.Equal("firing/normal", lateStates[5]);
    }

    [Fact]
    public void Escalation_and_deescalation_notify_by_level_and_critical_inhibits_warning()
    {
        var rule = Rule(warning: 300, critical: 600, warningRecovery: 250, criticalRecovery: 500);
        var (sent, row, states) = Run(rule, 310, 700, 650, 550, 450, 310, 200);
        Assert.Equal(["firing:warning", "escalated:critical", "deescalated:warning", "resolved:none"], sent);
        // While critical fires, warning fires too (its own state), but only critical was announced: inhibition.
        Assert.Equal("firing/firing", states[1]);
        Assert.Equal(AlertLevels.None, row.Level);
    }

    [Fact]
    public void A_jump_straight_to_critical_is_one_firing_notification_at_critical()
    {
        var (sent, _, _) = Run(Rule(warning: 300, critical: 600), 100, 900, 100);
        Assert.Equal(["firing:critical", "resolved:none"], sent);
    }

    [Fact]
    public void Below_mirrors_above()
    {
        var rule = Rule(warning: 0.8, warningRecovery: 0.85, direction: "below");
        var (sent, _, _) = Run(rule, 0.9, 0.79, 0.82, 0.78, 0.84, 0.86);
        Assert.Equal(["firing:warning", "resolved:none"], sent);
    }

    [Fact]
    public void Keep_firing_for_holds_the_alert_through_a_short_recovery_and_resolves_after_a_long_one()
    {
        var rule = Rule(warning: 300, keepFor: 3);
        // Fires at 1 s; recovered at 2-3 s (recovering, 2 s < 3 s); breaching at 4 s: back to firing without a notification.
        var (sent, _, states) = Run(rule, 400, 100, 100, 400, 100, 100, 100, 100);
        Assert.Equal(["firing:warning", "resolved:none"], sent);
        Assert.Equal("recovering/normal", states[1]);
        Assert.Equal("firing/normal", states[3]);
        // Recovered since 5 s: recovering at 5, 6, 7 s, normal at 8 s (3 s later).
        Assert.Equal("recovering/normal", states[6]);
        Assert.Equal("normal/normal", states[7]);
    }

    [Fact]
    public void No_data_keep_changes_nothing()
    {
        var (sent, row, _) = Run(Rule(noData: "keep"), 400, null, null, null);
        Assert.Equal(["firing:warning"], sent);
        Assert.Equal((AlertStates.Firing, (double?)null), (row.Warning.State, row.Value));
    }

    [Fact]
    public void No_data_ok_recovers_like_a_recovered_value_keep_firing_for_included()
    {
        Assert.Equal(["firing:warning", "resolved:none"], Run(Rule(noData: "ok"), 400, null).Notifications);
        var (sent, _, states) = Run(Rule(noData: "ok", keepFor: 2), 400, null, null, null);
        Assert.Equal(["firing:warning", "resolved:none"], sent);
        Assert.Equal(["firing/normal", "recovering/normal", "recovering/normal", "normal/normal"], states);
    }

    [Fact]
    public void No_data_alerting_breaches_every_severity()
    {
        var (sent, _, states) = Run(Rule(warning: 300, critical: 600, noData: "alerting", forSeconds: 1), null, null, 100);
        Assert.Equal(["firing:critical", "resolved:none"], sent);
        Assert.Equal("pending/pending", states[0]);
    }

    [Fact]
    public void A_silenced_rule_changes_state_without_notifications()
    {
        var silenced = Rule(silencedUntil: T0.AddMinutes(10));
        var (sent, row, states) = Run(silenced, 400, 100);
        Assert.Empty(sent);
        Assert.Equal(["firing/normal", "normal/normal"], states);
        Assert.Equal(AlertLevels.None, row.Level);

        // A silence in the past no longer holds.
        Assert.Equal(["firing:warning"], Run(Rule(silencedUntil: T0), 400).Notifications);
    }

    [Fact]
    public void An_ack_at_warning_silences_that_level_and_an_escalation_clears_it_and_notifies()
    {
        var rule = Rule(warning: 300, critical: 600);
        var row = AlertInstanceStep.New("t", rule.Id, "", new Dictionary<string, string>(), T0) with { Id = 1 };
        var fired = AlertInstanceStep.Evaluate(row, rule, 400, T0.AddSeconds(1));
        Assert.Equal("firing", fired.Notification);
        var acked = fired.Row with { AcknowledgedBy = "ana", AcknowledgedAt = T0.AddSeconds(2) };

        // Still warning (a state change inside the level): nothing sent, the ack stands.
        var steady = AlertInstanceStep.Evaluate(acked, rule, 450, T0.AddSeconds(3));
        Assert.Equal((AlertLevels.Warning, (string?)null, "ana"), (steady.Row.Level, steady.Notification, steady.Row.AcknowledgedBy));

        // Warning → critical is new: the ack (made at warning) is cleared and the escalation is announced.
        var escalated = AlertInstanceStep.Evaluate(steady.Row, rule, 700, T0.AddSeconds(4));
        Assert.Equal((AlertLevels.Critical, "escalated", true), (escalated.Row.Level, escalated.Notification, escalated.LevelChanged));
        Assert.Null(escalated.Row.AcknowledgedBy);
        Assert.Null(escalated.Row.AcknowledgedAt);

        // Acknowledged at critical: de-escalation and resolve are silent; the resolve clears the ack.
        var ackedCritical = escalated.Row with { AcknowledgedBy = "ben", AcknowledgedAt = T0.AddSeconds(5) };
        var deescalated = AlertInstanceStep.Evaluate(ackedCritical, rule, 400, T0.AddSeconds(6));
        Assert.Equal((AlertLevels.Warning, (string?)null, "ben"), (deescalated.Row.Level, deescalated.Notification, deescalated.Row.AcknowledgedBy));
        var resolved = AlertInstanceStep.Evaluate(deescalated.Row, rule, 100, T0.AddSeconds(7));
        Assert.Equal((AlertLevels.None, (string?)null, true), (resolved.Row.Level, resolved.Notification, resolved.LevelChanged));
        Assert.Null(resolved.Row.AcknowledgedBy);
        Assert.Null(resolved.Row.AcknowledgedAt);

        // The next firing is announced again.
        Assert.Equal("firing", AlertInstanceStep.Evaluate(resolved.Row, rule, 400, T0.AddSeconds(8)).Notification);
    }

    [Fact]
    public void An_ack_at_critical_still_covers_a_return_to_critical_after_a_deescalation()
    {
        var rule = Rule(warning: 300, critical: 600);
        var row = AlertInstanceStep.New("t", rule.Id, "", new Dictionary<string, string>(), T0) with { Id = 1 };
        var fired = AlertInstanceStep.Evaluate(row, rule, 700, T0.AddSeconds(1));
        Assert.Equal(("firing", AlertLevels.Critical), (fired.Notification, fired.Row.Level));
        var acked = fired.Row with { AcknowledgedBy = "ana", AcknowledgedAt = T0.AddSeconds(2) };

        var deescalated = AlertInstanceStep.Evaluate(acked, rule, 400, T0.AddSeconds(3));
        Assert.Equal((AlertLevels.Warning, (string?)null), (deescalated.Row.Level, deescalated.Notification));
        var again = AlertInstanceStep.Evaluate(deescalated.Row, rule, 700, T0.AddSeconds(4));
        Assert.Equal((AlertLevels.Critical, (string?)null, "ana"), (again.Row.Level, again.Notification, again.Row.AcknowledgedBy));
    }

    [Fact]
    public void A_silenced_escalation_past_an_ack_clears_the_ack_but_sends_nothing()
    {
        var rule = Rule(warning: 300, critical: 600, silencedUntil: T0.AddHours(1));
        var row = AlertInstanceStep.New("t", rule.Id, "", new Dictionary<string, string>(), T0) with { Id = 1 };
        var fired = AlertInstanceStep.Evaluate(row, rule, 400, T0.AddSeconds(1));
        Assert.Null(fired.Notification);
        var acked = fired.Row with { AcknowledgedBy = "ana", AcknowledgedAt = T0.AddSeconds(2) };
        var escalated = AlertInstanceStep.Evaluate(acked, rule, 700, T0.AddSeconds(3));
        Assert.Equal((AlertLevels.Critical, (string?)null), (escalated.Row.Level, escalated.Notification));
        Assert.Null(escalated.Row.AcknowledgedBy);
    }

    [Fact]
    public void A_severity_removed_from_an_edited_rule_returns_to_normal()
    {
        var both = Rule(warning: 300, critical: 600);
        var row = AlertInstanceStep.New("t", both.Id, "", new Dictionary<string, string>(), T0) with { Id = 1 };
        row = AlertInstanceStep.Evaluate(row, both, 700, T0.AddSeconds(1)).Row;
        var step = AlertInstanceStep.Evaluate(row, both with { Critical = null, Version = 2 }, 700, T0.AddSeconds(2));
        Assert.Equal(("firing", "normal", "deescalated"), (step.Row.Warning.State, step.Row.Critical.State, step.Notification));
        Assert.Equal(("critical", "firing", "normal"), Assert.Single(step.Transitions));
    }

    [Fact]
    public void The_instance_wire_state_is_the_most_severe_severity_not_normal()
    {
        var rule = Rule(warning: 300, critical: 600, forSeconds: 10);
        var row = AlertInstanceStep.New("t", rule.Id, "", new Dictionary<string, string>(), T0) with { Id = 7, Warning = new(AlertStates.Firing, T0), Level = AlertLevels.Warning };
        row = AlertInstanceStep.Evaluate(row, rule, 700, T0.AddSeconds(1)).Row;
        var view = AlertInstanceView.Of(row, rule, T0.AddSeconds(1));
        Assert.Equal(("pending", "critical", "warning"), (view.State, view.Severity, view.Level));
        Assert.Equal(T0.AddSeconds(1), view.Since);
        Assert.Null(AlertInstanceView.Of(row, rule with { Warning = null }, T0).Warning);
    }
}

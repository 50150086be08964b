using System.Text.RegularExpressions;
using Dashboard.Alerts.Metrics;

namespace Dashboard.Alerts.Rules;

/// <summary>
/// The one validation of an alert rule (docs/alerts.md, "Rule reference"), for REST (400 ValidationProblem keyed by the
/// JSON field name) and configuration (start fails naming <c>Alerts:Rules:{i}:Field</c>).
/// </summary>
internal static partial class AlertRuleValidator
{
    /// <summary>Longest rule id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest rule name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Most labels in a selector.</summary>
    public const int MaxLabels = 8;

    /// <summary>Longest label value.</summary>
    public const int MaxLabelValueLength = 200;

    /// <summary>Longest label name.</summary>
    public const int MaxLabelNameLength = 100;

    /// <summary>Longest metric reference, inline selector included.</summary>
    public const int MaxMetricLength = 2000;

    /// <summary>Largest <c>forSeconds</c> and <c>keepFiringForSeconds</c> (one day).</summary>
    public const int MaxPeriodSeconds = 86_400;

    /// <summary>The id rule, in the words of an error message.</summary>
    public const string IdRule = "1 to 64 characters from A-Z, a-z, 0-9, '_', '.', ':' and '-'";

    /// <summary>True when <paramref name="id"/> follows <see cref="IdRule"/>.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>
    /// Validates <paramref name="input"/>; returns the definition, or null with <paramref name="errors"/> keyed by JSON
    /// field name. <paramref name="idRequired"/> false lets an absent id through as "" (REST generates one).
    /// </summary>
    public static AlertRuleDefinition? Validate(AlertRuleInput input, bool idRequired, out Dictionary<string, string[]> errors)
    {
        var e = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!e.TryGetValue(field, out var list))
            {
                e[field] = list = [];
            }

            list.Add(message);
        }

        if (input.Id is null ? idRequired : !IsValidId(input.Id))
        {
            Add("id", $"id must be {IdRule}.");
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > MaxNameLength)
        {
            Add("name", $"name must be 1 to {MaxNameLength} characters, not only white space.");
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in input.Labels ?? new Dictionary<string, string>())
        {
            AddLabel(labels, name, value, "labels", Add);
        }

        string? metric = null;
        if (string.IsNullOrWhiteSpace(input.Metric) || input.Metric.Length > MaxMetricLength)
        {
            Add("metric", $"metric must be a metric reference of 1 to {MaxMetricLength} characters (docs/alerts.md, \"Metrics\").");
        }
        else if (InlineSelector.TrySplit(input.Metric, out var bare, out var inline, out var problem))
        {
            metric = bare;
            foreach (var (name, value) in inline)
            {
                if (labels.TryGetValue(name, out var given) && given != value)
                {
                    Add("metric", $"the inline selector gives {name}=\"{value}\" but labels gives {name}=\"{given}\".");
                }

                AddLabel(labels, name, value, "metric", Add);
            }

            if (!AlertMetricCatalogue.IsKnown(bare))
            {
                Add("metric", UnknownMetric(bare));
            }
        }
        else
        {
            Add("metric", problem!);
        }

        if (labels.Count > MaxLabels)
        {
            Add("labels", $"labels may hold at most {MaxLabels} pairs (inline selector included), not {labels.Count}.");
        }

        var direction = input.Direction ?? "above";
        if (direction is not ("above" or "below"))
        {
            Add("direction", "direction must be \"above\" or \"below\".");
        }

        var noData = input.NoData ?? "keep";
        if (noData is not ("ok" or "alerting" or "keep"))
        {
            Add("noData", "noData must be \"ok\", \"alerting\" or \"keep\".");
        }

        foreach (var (field, number) in new[] { ("warning", input.Warning), ("critical", input.Critical), ("warningRecovery", input.WarningRecovery), ("criticalRecovery", input.CriticalRecovery) })
        {
            if (number is { } n && !double.IsFinite(n))
            {
                Add(field, $"{field} must be a finite number.");
            }
        }

        if (input.Warning is null && input.Critical is null)
        {
            Add("warning", "at least one of warning and critical must be set.");
        }

        var above = direction != "below";
        var (lower, higher) = above ? ("at most", "above") : ("at least", "below");
        if (input.WarningRecovery is { } wr && (input.Warning is not { } w ? true : above ? wr > w : wr < w))
        {
            Add("warningRecovery", input.Warning is null
                ? "warningRecovery needs warning."
                : $"with direction {direction}, warningRecovery must be {lower} warning ({input.Warning}), so the value recovers on the safe side of the threshold.");
        }

        if (input.CriticalRecovery is { } cr && (input.Critical is not { } c ? true : above ? cr > c : cr < c))
        {
            Add("criticalRecovery", input.Critical is null
                ? "criticalRecovery needs critical."
                : $"with direction {direction}, criticalRecovery must be {lower} critical ({input.Critical}), so the value recovers on the safe side of the threshold.");
        }

        if (input.Warning is { } warn && input.Critical is { } crit && (above ? warn >= crit : warn <= crit))
        {
            Add("critical", $"with direction {direction}, critical must be further {higher} than warning: warning {(above ? "<" : ">")} critical (were {warn} and {crit}).");
        }

        if (input.ForSeconds is < 0 or > MaxPeriodSeconds)
        {
            Add("forSeconds", $"forSeconds must be between 0 and {MaxPeriodSeconds} (seconds).");
        }

        if (input.KeepFiringForSeconds is < 0 or > MaxPeriodSeconds)
        {
            Add("keepFiringForSeconds", $"keepFiringForSeconds must be between 0 and {MaxPeriodSeconds} (seconds).");
        }

        errors = e.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        return errors.Count > 0
            ? null
            : new AlertRuleDefinition(input.Id ?? "", input.Name!.Trim(), metric!, labels, direction, input.Warning, input.Critical,
                input.WarningRecovery, input.CriticalRecovery, input.ForSeconds ?? 0, input.KeepFiringForSeconds ?? 0, noData);
    }

    /// <summary>The message of an unknown metric: the valid ones listed (docs/alerts.md, "Metrics").</summary>
    public static string UnknownMetric(string metric) =>
        $"unknown metric {(metric.Length > 100 ? metric[..100] + "…" : metric)}; valid: {string.Join(", ", AlertMetricCatalogue.Known)}.";

    private static void AddLabel(SortedDictionary<string, string> labels, string name, string? value, string field, Action<string, string> add)
    {
        if (name.Length > MaxLabelNameLength || !LabelName().IsMatch(name))
        {
            add(field, $"label name {(name.Length > 40 ? name[..40] + "…" : name)} must match [a-zA-Z_][a-zA-Z0-9_]* (at most {MaxLabelNameLength} characters).");
        }
        else if (value is null || value.Length > MaxLabelValueLength)
        {
            add(field, $"label {name} must have a value of at most {MaxLabelValueLength} characters.");
        }
        else
        {
            labels[name] = value;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Observability;

/// <summary>
/// <c>deploy/grafana/dashboard.json</c> read as Grafana does: panels (rows nest theirs when collapsed), each panel's
/// query <c>targets[].expr</c>, and the PromQL those become once Grafana substitutes its variables.
/// </summary>
internal static partial class GrafanaDashboardFile
{
    /// <summary>Repository-relative path of the dashboard.</summary>
    public const string RelativePath = "deploy/grafana/dashboard.json";

    /// <summary>The parsed dashboard (fails the test with the parser's message when it is not JSON).</summary>
    public static JsonElement Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFiles.PathOf(RelativePath)));
        return doc.RootElement.Clone();
    }

    /// <summary>Every panel, rows included, in file order.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>(panel title, expr) of every query target.</summary>
    public static IEnumerable<(string Panel, string Expr)> Expressions(JsonElement dashboard) =>
        from panel in Panels(dashboard)
        where panel.TryGetProperty("targets", out _)
        from target in panel.GetProperty("targets").EnumerateArray()
        select (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!);

    /// <summary>
    /// The PromQL Grafana sends for <paramref name="expr"/> with every option selected: <c>$__rate_interval</c> (and
    /// the other <c>$__</c> intervals) become <c>5m</c>, and a template variable (used only inside <c>=~"…"</c>
    /// matchers) becomes its "All" value <c>.*</c>.
    /// </summary>
    public static string Substituted(string expr) => TemplateVariable().Replace(BuiltInInterval().Replace(expr, "5m"), ".*");

    /// <summary>The metric names <paramref name="promql"/> selects (a name directly followed by <c>{</c>).</summary>
    public static IEnumerable<string> MetricNames(string promql) =>
        SelectedMetric().Matches(promql).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\$__(rate_interval|interval|range)\b")]
    private static partial Regex BuiltInInterval();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:])([A-Za-z_:][A-Za-z0-9_:]*)\{")]
    private static partial Regex SelectedMetric();
}

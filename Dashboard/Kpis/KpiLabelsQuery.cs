using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Kpis;

/// <summary>
/// The <c>name</c> and <c>labels</c> parameters of <c>GET /api/v1/kpis/{name}</c> (docs/api.md): <c>labels=a=x,b=y</c>, or
/// the parameter repeated (<c>labels=a=x&amp;labels=b=y</c>). A comma starts a new pair only when a label name and
/// <c>=</c> follow it, so <c>labels=a=x,y</c> is the one value <c>x,y</c>; a value holding <c>,b=</c> needs its own
/// <c>labels=</c>. The set must be the series' full label set; absent or empty means no labels.
/// </summary>
internal static partial class KpiLabelsQuery
{
    /// <summary>What a bad <c>labels</c> is told.</summary>
    public static readonly string LabelsRule =
        $"labels must be comma-separated name=value pairs (or the parameter repeated), each name a label name [a-zA-Z_][a-zA-Z0-9_]* used once, at most {KpiSeriesKey.MaxLabels} labels.";

    /// <summary>What a bad <c>name</c> is told.</summary>
    public const string NameRule = "name must be a KPI name: a Prometheus metric name [a-zA-Z_:][a-zA-Z0-9_:]* of at most 191 characters.";

    /// <summary>True when <paramref name="name"/> is a valid KPI name; else a 400 problem naming <c>name</c>.</summary>
    public static bool TryName(string name, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        problem = MetricName().IsMatch(name) ? null : Problem("name", NameRule, name);
        return problem is null;
    }

    /// <summary>The label set of <paramref name="raw"/>; false with a 400 problem naming <c>labels</c>.</summary>
    public static bool TryParse(StringValues raw, out SortedDictionary<string, string> labels, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        problem = null;
        foreach (var occurrence in raw)
        {
            if (string.IsNullOrEmpty(occurrence))
            {
                continue;
            }

            foreach (var pair in PairStart().Split(occurrence))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = eq < 0 ? (pair, null) : (pair[..eq], pair[(eq + 1)..]);
                if (value is null || !LabelName().IsMatch(name) || !labels.TryAdd(name, value) || labels.Count > KpiSeriesKey.MaxLabels)
                {
                    problem = Problem("labels", LabelsRule, occurrence);
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The series key of <paramref name="name"/> and <paramref name="labels"/> as the fold writes it (docs/metrics.md §8):
    /// <c>name{a="x",b="y"}</c>, labels by name (ordinal), values escaped <c>\\</c>, <c>\"</c>, <c>\n</c>. Only for
    /// messages: the series is looked up by name and label set.
    /// </summary>
    public static string KeyText(string name, IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0
            ? name
            : name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l =>
                l.Key + "=\"" + l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"")) + "}";

    private static ValidationProblem Problem(string parameter, string rule, string got) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [rule] },
            detail: $"{rule} Got '{(got.Length > 60 ? got[..60] + "…" : got)}'.",
            title: $"Invalid {(parameter == "name" ? "path" : "query")} parameter '{parameter}'");

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]{0,190}$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,190}$")]
    private static partial Regex LabelName();

    // A comma followed by a label name and '=': the start of the next pair (the comma itself is dropped).
    [GeneratedRegex(",(?=[a-zA-Z_][a-zA-Z0-9_]*=)")]
    private static partial Regex PairStart();
}

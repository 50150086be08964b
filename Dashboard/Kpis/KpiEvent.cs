using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Kpis;

/// <summary>
/// One stored <c>metric.reported</c> as the KPI fold reads it (docs/events.md §5). Its position (<see cref="Txid"/>,
/// <see cref="Seq"/>) breaks ties between two gauge reports of the same event time: the later committed wins.
/// </summary>
/// <param name="Tenant">The event's tenant.</param>
/// <param name="Txid">The inserting transaction.</param>
/// <param name="Seq">The row's sequence number.</param>
/// <param name="Time">Event time (UTC): orders gauge reports and picks the minute and quarter-hour.</param>
/// <param name="ReceivedAt">When the server received the report (UTC): staleness is measured from the newest.</param>
/// <param name="Name">The metric name.</param>
/// <param name="Labels">Label names to values (empty: none).</param>
/// <param name="Kind"><see cref="KpiKinds.Gauge"/> or <see cref="KpiKinds.Counter"/>.</param>
/// <param name="Value">The gauge's value, or the counter's increase.</param>
internal sealed partial record KpiEvent(
    string Tenant, ulong Txid, long Seq, DateTime Time, DateTime ReceivedAt, string Name, IReadOnlyDictionary<string, string> Labels, string Kind, double Value)
{
    /// <summary>The CloudEvents type the KPI fold reads.</summary>
    public const string Type = "metric.reported";

    /// <summary>Largest magnitude of a report's value (docs/limits.md): keeps every sum of reports finite.</summary>
    public const double MaxValue = 1e15;

    /// <summary>The canonical series key (<see cref="KpiSeriesKey"/>).</summary>
    public string Key { get; } = KpiSeriesKey.Of(Name, Labels);

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();

    /// <summary>
    /// The report read from its stored members: <paramref name="name"/>, <paramref name="kind"/> and
    /// <paramref name="value"/> as the text of <c>data-&gt;&gt;member</c>, <paramref name="labelsJson"/> the
    /// <c>labels</c> object as JSON (null: none).
    /// </summary>
    /// <exception cref="FormatException">
    /// The stored event breaks the rules ingestion applies today (stored before they existed): the fold sets it aside as a
    /// dead letter, the backfill skips it.
    /// </exception>
    public static KpiEvent From(
        string tenant, ulong txid, long seq, DateTime time, DateTime receivedAt, string? name, string? kind, string? value, string? labelsJson)
    {
        if (name is null || !MetricName().IsMatch(name))
        {
            throw new FormatException("data.name must be a Prometheus metric name");
        }

        var k = kind ?? KpiKinds.Gauge;
        if (!KpiKinds.All.Contains(k))
        {
            throw new FormatException("data.kind must be one of " + string.Join(", ", KpiKinds.All));
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)
            || Math.Abs(number) > MaxValue || (k == KpiKinds.Counter && number < 0))
        {
            throw new FormatException(k == KpiKinds.Counter ? "data.value must be a number from 0 to 10^15" : "data.value must be a number from -10^15 to 10^15");
        }

        return new KpiEvent(tenant, txid, seq, time, receivedAt, name, ParseLabels(labelsJson), k, number);
    }

    private static Dictionary<string, string> ParseLabels(string? json)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null)
        {
            return labels;
        }

        using var doc = JsonDocument.Parse(json);
        foreach (var label in doc.RootElement.EnumerateObject())
        {
            if (!LabelName().IsMatch(label.Name) || label.Name.StartsWith("__", StringComparison.Ordinal) || label.Name is "tenant" or "name"
                || label.Value.ValueKind != JsonValueKind.String || label.Value.GetString() is not { Length: > 0 } text)
            {
                throw new FormatException($"data.labels.{label.Name} must be a non-reserved Prometheus label name with a non-empty string value");
            }

            labels[label.Name] = text;
        }

        return labels.Count <= KpiSeriesKey.MaxLabels ? labels : throw new FormatException($"data.labels must hold at most {KpiSeriesKey.MaxLabels} labels");
    }
}

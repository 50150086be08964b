using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Realtime;

namespace Dashboard.Kpis;

/// <summary>
/// Topic <c>kpis</c>, type <c>kpis_update</c> (snapshot), and the body of <c>GET /api/v1/kpis</c>: a tenant's custom KPI
/// series reported by <c>metric.reported</c> (docs/metrics.md §8). Series are sorted by <c>key</c> (ordinal); at most
/// <c>Payloads:MaxKpiSeries</c> are listed, <c>seriesCount</c> is the true number and <c>truncated</c> says when the list
/// stops short of it.
/// </summary>
/// <param name="TimeZone">The IANA time zone of the tenant's business day (<c>Tenants:{tenant}:TimeZone</c>, default <c>UTC</c>).</param>
/// <param name="WindowStart">Start of the tenant's business day (UTC instant).</param>
/// <param name="SeriesCount">Series with at least one folded report.</param>
/// <param name="Truncated">True when <see cref="Series"/> holds fewer than <see cref="SeriesCount"/>.</param>
/// <param name="Series">The series, by key (ordinal).</param>
/// <param name="ComputedAt">When the payload was computed (UTC).</param>
public sealed record KpisUpdate(
    string TimeZone,
    DateTime WindowStart,
    int SeriesCount,
    bool Truncated,
    IReadOnlyList<KpiSeriesEntry> Series,
    DateTime ComputedAt);

/// <summary>One custom KPI series (docs/metrics.md §8).</summary>
/// <param name="Name">The metric name (Prometheus naming).</param>
/// <param name="Labels">The labels, by name (ordinal); empty without labels.</param>
/// <param name="Key">The series' identity: <c>name</c>, or <c>name{a="x",b="y"}</c> with labels sorted by name and values escaped as in the Prometheus text format.</param>
/// <param name="Kind"><c>gauge</c> or <c>counter</c>.</param>
/// <param name="Value">Gauge: the newest report by event time. Counter: the sum of every report (equal to <see cref="Total"/>).</param>
/// <param name="Total">Counter: the sum of every report (each a delta); null for a gauge.</param>
/// <param name="RatePerMinute">Counter: the sum of the reports of the 5 complete UTC minutes before the current one, / 5 (0 when none); null for a gauge.</param>
/// <param name="Unit">The <c>unit</c> label, else <c>Kpis:Units:{name}</c>, else null.</param>
/// <param name="UpdatedAt">Gauge: the event time of <see cref="Value"/>; counter: the newest report's event time.</param>
/// <param name="LastReportAt">When the newest report (by arrival) was received.</param>
/// <param name="Stale">True when more than <c>Kpis:StaleAfterSeconds</c> have passed since <see cref="LastReportAt"/>.</param>
/// <param name="History">
/// The minutes of the last 60 (the current one included) that had reports, oldest first, each <c>[minute start, value]</c>:
/// a gauge's newest value in the minute, a counter's sum of the minute's reports (its increase in that minute).
/// </param>
public sealed record KpiSeriesEntry(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Key,
    string Kind,
    double Value,
    double? Total,
    double? RatePerMinute,
    string? Unit,
    DateTime UpdatedAt,
    DateTime LastReportAt,
    bool Stale,
    IReadOnlyList<KpiPoint> History);

/// <summary>One history point, written as the JSON array <c>["2026-12-06T00:02:00Z", 10.0]</c>.</summary>
/// <param name="Time">Start of the UTC minute.</param>
/// <param name="Value">The minute's value (see <see cref="KpiSeriesEntry.History"/>).</param>
[JsonConverter(typeof(KpiPointConverter))]
public readonly record struct KpiPoint(DateTime Time, double Value);

/// <summary>Writes a <see cref="KpiPoint"/> as a two-element array (the time UTC with <c>Z</c>); reads the same.</summary>
internal sealed class KpiPointConverter : JsonConverter<KpiPoint>
{
    public override KpiPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read())
        {
            throw new JsonException("A KPI point is an array [time, value].");
        }

        var time = UtcTimestampConverters.AsUtc(reader.GetDateTime());
        reader.Read();
        var value = reader.GetDouble();
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("A KPI point is an array of exactly two elements.");
        }

        return new KpiPoint(time, value);
    }

    public override void Write(Utf8JsonWriter writer, KpiPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(UtcTimestampConverters.AsUtc(value.Time));
        writer.WriteNumberValue(value.Value);
        writer.WriteEndArray();
    }
}

/// <summary>One tenant's KPI payload, as the tick publishes it.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Update">The payload.</param>
/// <param name="IsEmpty">No series: nothing is published until the stream has a snapshot (a tenant without KPIs costs no message).</param>
internal sealed record TenantKpiMetrics(string Tenant, KpisUpdate Update, bool IsEmpty);

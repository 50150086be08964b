using Dashboard.Ingestion;
using System.Text.Json;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// The member rules of <c>metric.reported</c> (docs/events.md §5): a required finite <c>value</c> within ±10^15 (a counter's
/// from 0), <c>kind</c> gauge or counter, and label names Prometheus reserves (<c>__…</c>) or the exported
/// <c>dashboard_kpi</c> series uses (<c>tenant</c>, <c>name</c>) refused.
/// </summary>
public sealed class KpiEventRulesTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"name":"leads","value":12}""")]
    [InlineData("""{"name":"leads","value":-3.5,"kind":"gauge"}""")]
    [InlineData("""{"name":"social_mentions","value":0,"kind":"counter","labels":{"network":"x"}}""")]
    [InlineData("""{"name":"big","value":1e15}""")]
    [InlineData("""{"name":"big","value":-1e15}""")]
    [InlineData("""{"name":"leads","value":1,"kind":null,"labels":null}""")]
    [InlineData("""{"name":"leads","value":1,"labels":{"_tenant":"a","tenant_id":"b","names":"c","_":"d"}}""")]
    public void Valid_reports_pass(string data) => Assert.Empty(Errors(data));

    [Theory]
    [InlineData("""{"name":"leads"}""", "data.value", "is required: a JSON number from -10^15 to 10^15")]
    [InlineData("""{"name":"leads","value":null}""", "data.value", "is required: a JSON number from -10^15 to 10^15")]
    [InlineData("""{"name":"leads","value":"12"}""", "data.value", "must be a JSON number from -10^15 to 10^15")]
    [InlineData("""{"name":"leads","value":true}""", "data.value", "must be a JSON number from -10^15 to 10^15")]
    [InlineData("""{"name":"leads","value":1.1e15}""", "data.value", "must be a JSON number from -10^15 to 10^15")]
    [InlineData("""{"name":"leads","value":1e400}""", "data.value", "must be a JSON number from -10^15 to 10^15")]
    [InlineData("""{"name":"leads","value":-1,"kind":"counter"}""", "data.value", "must be a JSON number from 0 to 10^15 (a counter's report is the increase since its previous report)")]
    [InlineData("""{"name":"leads","value":1,"kind":"histogram"}""", "data.kind", "must be one of gauge, counter")]
    [InlineData("""{"name":"leads","value":1,"kind":"Gauge"}""", "data.kind", "must be one of gauge, counter")]
    [InlineData("""{"name":"leads","value":1,"labels":{"__name__":"x"}}""", "data.labels", "label name '__name__' is reserved: names starting with __ are reserved by Prometheus")]
    [InlineData("""{"name":"leads","value":1,"labels":{"__x":"x"}}""", "data.labels", "label name '__x' is reserved: names starting with __ are reserved by Prometheus")]
    [InlineData("""{"name":"leads","value":1,"labels":{"tenant":"other"}}""", "data.labels", "label name 'tenant' is reserved: tenant and name are the labels of the exported dashboard_kpi series")]
    [InlineData("""{"name":"leads","value":1,"labels":{"name":"x"}}""", "data.labels", "label name 'name' is reserved: tenant and name are the labels of the exported dashboard_kpi series")]
    public void A_report_breaking_a_rule_is_refused_naming_the_member(string data, string field, string reason)
    {
        var error = Assert.Single(Errors(data));
        Assert.Equal((field, reason), (error.Field, error.Reason));
    }

    [Fact]
    public void Every_broken_member_of_one_report_is_named()
    {
        var errors = Errors("""{"name":"bad name","kind":"sum","labels":{"tenant":"t","ok":""}}""");

        Assert.Equal(["data.name", "data.kind", "data.value", "data.labels", "data.labels.ok"], errors.Select(e => e.Field));
    }

    private static List<EventError> Errors(string data)
    {
        using var doc = JsonDocument.Parse($$"""{"specversion":"1.0","id":"1","source":"/kpi","type":"metric.reported","data":{{data}}}""");
        var errors = new EventErrorCollector(EventLimits.Default);
        errors.BeginEvent(0);
        var valid = CloudEventValidator.Validate(doc.RootElement, Arrival, errors);
        Assert.Equal(errors.Errors.Count == 0, valid is not null);
        return [.. errors.Errors];
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Simulation;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Tests.Simulation;

/// <summary>
/// The simulated KPI producers (<see cref="KpiProducerModel"/>, <c>Simulation:Kpis:*</c>): the series they report, their
/// repeatability, the options' messages naming the exact key, and their events accepted by the real ingestion endpoint.
/// </summary>
public sealed class KpiProducerModelTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static List<SimulatedEvent> Run(KpiProducerModel model, DateTimeOffset start, TimeSpan length, TimeSpan step)
    {
        var events = new List<SimulatedEvent>();
        for (var t = start + step; t <= start + length; t += step)
        {
            events.AddRange(model.Advance(t));
        }

        return events;
    }

    private static string Key(MetricReportedData d) =>
        d.Name + "{" + string.Join(",", d.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    [Fact]
    public void Every_interval_each_of_the_eleven_series_reports_once_with_its_kind_and_labels()
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var model = new KpiProducerModel(new KpiProducerProfile(), new Random(5), "run1", start);
        var events = Run(model, start, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(4));

        Assert.All(events, e => Assert.Equal("metric.reported", e.Type));
        var data = events.Select(e => (MetricReportedData)e.Data).ToList();
        var perSeries = data.GroupBy(Key).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(11, perSeries.Count);
        Assert.Equal(KpiProducerModel.SeriesCount, perSeries.Count);
        // 10 minutes at one report per 10 s: 60 reports per series.
        Assert.All(perSeries.Values, reports => Assert.Equal(60, reports.Count));
        Assert.Contains("social_mentions{network=\"linkedin\"}", perSeries.Keys);
        Assert.Contains("leads{region=\"apac\"}", perSeries.Keys);
        Assert.Contains("ai_agent_conversations{bot=\"sales-bot\",channel=\"whatsapp\"}", perSeries.Keys);
        Assert.All(data.Where(d => d.Name == KpiProducerModel.Leads), d => Assert.Equal("gauge", d.Kind));
        Assert.All(data.Where(d => d.Name != KpiProducerModel.Leads), d => Assert.Equal("counter", d.Kind));
        Assert.All(data, d => Assert.True(d.Value >= 0 && d.Value == Math.Floor(d.Value), $"{Key(d)} = {d.Value}"));
        // 30 mentions a minute on average over every network: 300 in 10 minutes, give or take a Poisson spread.
        var mentions = data.Where(d => d.Name == KpiProducerModel.Mentions).Sum(d => d.Value);
        Assert.InRange(mentions, 200, 400);
        // Events in time order, ids unique.
        Assert.Equal(events.Select(e => e.Time).Order(), events.Select(e => e.Time));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_reports_however_time_is_sliced()
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        static string Trace(IEnumerable<SimulatedEvent> events) =>
            string.Join("\n", events.Select(e => $"{e.Id} {e.Time:O} {Key((MetricReportedData)e.Data)} {((MetricReportedData)e.Data).Value}"));
        var a = Run(new KpiProducerModel(new KpiProducerProfile(), new Random(9), "r", start), start, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));
        var b = Run(new KpiProducerModel(new KpiProducerProfile(), new Random(9), "r", start), start, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(60));
        Assert.Equal(Trace(a), Trace(b));
    }

    [Theory]
    [InlineData("Simulation:Kpis:ReportSeconds", "0.5", "Simulation:Kpis:ReportSeconds must be between 1 and 3600.")]
    [InlineData("Simulation:Kpis:MentionsPerMinute", "-1", "Simulation:Kpis:MentionsPerMinute must be between 0 and 100000.")]
    [InlineData("Simulation:Kpis:LeadsPerRegion", "NaN", "Simulation:Kpis:LeadsPerRegion must be between 0 and 1000000.")]
    [InlineData("Simulation:Kpis:ConversationsPerMinute", "100001", "Simulation:Kpis:ConversationsPerMinute must be between 0 and 100000.")]
    [InlineData("Simulation:Kpis:WarmStartMinutes", "121", "Simulation:Kpis:WarmStartMinutes must be between 0 and 120.")]
    public void A_value_out_of_range_fails_validation_naming_the_key(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        var options = configuration.GetSection(SimulationOptions.SectionName).Get<SimulationOptions>()!;
        var failures = new SimulationOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];
        Assert.Equal([message], failures);
    }

    [Fact]
    public void The_unconfigured_producers_are_on_every_10_s_with_an_hour_of_history()
    {
        var options = new SimulationOptions();
        Assert.True(options.Kpis.Enabled);
        Assert.Equal((10.0, 30.0, 40.0, 12.0, 60), (options.Kpis.ReportSeconds, options.Kpis.MentionsPerMinute, options.Kpis.LeadsPerRegion, options.Kpis.ConversationsPerMinute, options.Kpis.WarmStartMinutes));
        Assert.Empty(new SimulationOptionsValidator().Validate(null, options).Failures ?? []);
    }

    [Fact]
    public async Task An_hour_of_the_producers_reports_is_accepted_by_the_ingestion_endpoint_without_a_rejection()
    {
        var end = DateTimeOffset.UtcNow;
        var start = end.AddHours(-1);
        var model = new KpiProducerModel(new KpiProducerProfile { MentionsPerMinute = 600 }, new Random(3), Guid.NewGuid().ToString("N")[..8], start);
        var events = Run(model, start, TimeSpan.FromHours(1), TimeSpan.FromSeconds(30));
        Assert.Equal(11 * 360, events.Count);

        var tenant = Tenants.New();
        using var http = server.Http(server.Token(tenant, Scopes.Write));
        foreach (var chunk in events.Chunk(TrafficSimulator.MaxBatchEvents))
        {
            using var content = new ByteArrayContent(CloudEventBatch.Serialize(chunk));
            content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventBatch.MediaType);
            using var response = await http.PostAsync("/api/v1/events", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
            using var json = JsonDocument.Parse(body);
            Assert.Equal((chunk.Length, 0), (json.RootElement.GetProperty("accepted").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32()));
        }
    }

    [Fact]
    public void The_wire_shape_is_the_catalogues_metric_reported()
    {
        var time = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var body = CloudEventBatch.Serialize(
        [
            new SimulatedEvent("e-1", "metric.reported", "leads", time, new MetricReportedData("leads", 12, "gauge", new Dictionary<string, string> { ["region"] = "emea" })),
        ]);
        using var json = JsonDocument.Parse(body);
        var data = json.RootElement[0].GetProperty("data");
        Assert.Equal("""{"name":"leads","value":12,"kind":"gauge","labels":{"region":"emea"}}""", data.GetRawText());
    }
}

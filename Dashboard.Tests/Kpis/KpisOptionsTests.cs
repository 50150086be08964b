using Dashboard.Kpis;
using Dashboard.Publishing;

namespace Dashboard.Tests.Kpis;

/// <summary>The <c>Kpis</c> options and <c>Payloads:MaxKpiSeries</c>: defaults, ranges, and failures naming the exact key.</summary>
public sealed class KpisOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new KpisOptions();
        Assert.Equal((1000, 300, 0), (options.MaxSeriesPerTenant, options.StaleAfterSeconds, options.Units.Count));
        Assert.True(new KpisOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(200, new PayloadOptions().MaxKpiSeries);
    }

    [Theory]
    [InlineData(0, 300, "Kpis:MaxSeriesPerTenant must be between 1 and 100000 (was 0).")]
    [InlineData(100001, 300, "Kpis:MaxSeriesPerTenant must be between 1 and 100000 (was 100001).")]
    [InlineData(1000, 9, "Kpis:StaleAfterSeconds must be between 10 and 604800 (was 9).")]
    [InlineData(1000, 604801, "Kpis:StaleAfterSeconds must be between 10 and 604800 (was 604801).")]
    public void An_out_of_range_setting_names_its_key(int maxSeries, int staleAfter, string message)
    {
        var result = new KpisOptionsValidator().Validate(null, new KpisOptions { MaxSeriesPerTenant = maxSeries, StaleAfterSeconds = staleAfter });
        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void A_unit_must_be_keyed_by_a_KPI_name_and_be_1_to_64_characters()
    {
        var options = new KpisOptions();
        options.Units["leads"] = "leads";
        options.Units["bad-name"] = "x";
        options.Units["empty"] = " ";
        options.Units["long"] = new string('u', 65);
        var failures = new KpisOptionsValidator().Validate(null, options).Failures!.ToArray();
        Assert.Equal(3, failures.Length);
        Assert.StartsWith("Kpis:Units:bad-name must be keyed by a KPI name", failures[0], StringComparison.Ordinal);
        Assert.Equal("Kpis:Units:empty must be a unit of 1 to 64 characters.", failures[1]);
        Assert.Equal("Kpis:Units:long must be a unit of 1 to 64 characters.", failures[2]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Payloads_MaxKpiSeries_is_1_to_1000(int value)
    {
        var result = new PayloadOptionsValidator().Validate(null, new PayloadOptions { MaxKpiSeries = value });
        Assert.Equal([$"Payloads:MaxKpiSeries must be between 1 and 1000 (was {value})."], result.Failures);
    }
}

using Dashboard.Pages.Shell;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Pages;

/// <summary>The <c>Pages</c> options: defaults, overrides key by key, and start-up errors that name the key.</summary>
public sealed class PagesOptionsTests
{
    private static PagesOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPagesOptions()
            .BuildServiceProvider().GetRequiredService<IOptions<PagesOptions>>().Value;
    }

    [Fact]
    public void Defaults_cover_the_contact_centre_metrics()
    {
        var options = Bind([]);

        Assert.Equal((60, 15), (options.ChartHistoryPoints, options.WallboardRotateSeconds));
        var sl = options.Thresholds["serviceLevel"];
        Assert.Equal((0.8, 0.7, "below"), (sl.Warning, sl.Critical, sl.Direction));
        foreach (var metric in new[] { "asaSeconds", "abandonmentRate", "longestWaitSeconds", "callsWaiting", "occupancy", "jobLagSeconds" })
        {
            Assert.Equal("above", options.Thresholds[metric].Direction);
        }
    }

    [Fact]
    public void Wallboard_kpis_bind_in_order_and_reach_the_page_config()
    {
        var options = Bind(new()
        {
            ["Pages:Wallboard:Kpis:0"] = "leads",
            ["Pages:Wallboard:Kpis:1"] = "social_mentions{network=\"x\"}",
        });

        Assert.Equal(["leads", "social_mentions{network=\"x\"}"], options.Wallboard.Kpis);
        using var json = System.Text.Json.JsonDocument.Parse(options.ToClientJson());
        Assert.Equal("social_mentions{network=\"x\"}", json.RootElement.GetProperty("wallboardKpis")[1].GetString());
        Assert.Empty(Bind([]).Wallboard.Kpis);
    }

    [Fact]
    public void One_key_overrides_one_level_and_the_others_keep_their_defaults()
    {
        var options = Bind(new()
        {
            ["Pages:ChartHistoryPoints"] = "120",
            ["Pages:Thresholds:AsaSeconds:Warning"] = "30",
            ["Pages:Thresholds:firstCallResolution:Warning"] = "0.7",
            ["Pages:Thresholds:firstCallResolution:Critical"] = "0.6",
            ["Pages:Thresholds:firstCallResolution:Direction"] = "below",
        });

        Assert.Equal(120, options.ChartHistoryPoints);
        var asa = options.Thresholds["asaSeconds"];
        Assert.Equal((30d, 60d, "above"), (asa.Warning, asa.Critical, asa.Direction));
        Assert.Equal(0.6, options.Thresholds["firstCallResolution"].Critical);
    }

    [Theory]
    [InlineData("Pages:ChartHistoryPoints", "1", "Pages:ChartHistoryPoints must be between 2 and 3600")]
    [InlineData("Pages:ChartHistoryPoints", "3601", "Pages:ChartHistoryPoints must be between 2 and 3600")]
    [InlineData("Pages:WallboardRotateSeconds", "0", "Pages:WallboardRotateSeconds must be between 3 and 3600")]
    [InlineData("Pages:Thresholds:asaSeconds:Direction", "up", "Pages:Thresholds:asaSeconds:Direction must be 'above' or 'below'")]
    [InlineData("Pages:Thresholds:asaSeconds:Critical", "10", "Pages:Thresholds:asaSeconds:Critical (10) must not be below Pages:Thresholds:asaSeconds:Warning (20)")]
    [InlineData("Pages:Thresholds:serviceLevel:Critical", "0.9", "Pages:Thresholds:serviceLevel:Critical (0.9) must not be above Pages:Thresholds:serviceLevel:Warning (0.8)")]
    [InlineData("Pages:Thresholds:newMetric:Warning", "5", "Pages:Thresholds:newMetric:Direction must be 'above' or 'below'")]
    [InlineData("Pages:Wallboard:Kpis:0", "9leads", "Pages:Wallboard:Kpis:0 must be a series name such as leads or a series key such as leads{region=\"eu\"}")]
    [InlineData("Pages:Wallboard:Kpis:0", "leads{region=\"eu\"", "Pages:Wallboard:Kpis:0 must be a series name such as leads")]
    public void An_invalid_value_fails_with_a_message_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

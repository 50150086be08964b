using Dashboard.Api;

namespace Dashboard.Campaigns;

/// <summary>Registers and maps the campaigns feature: its calculator and publisher (run by the tick) and its reports.</summary>
public static class CampaignsExtensions
{
    /// <summary>Adds the campaign metrics calculator and publisher.</summary>
    public static WebApplicationBuilder AddCampaigns(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CampaignMetricsCalculator>();
        builder.Services.AddSingleton<CampaignMetricsPublisher>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/campaigns</c> and <c>GET /api/v1/campaigns/{id}/metrics</c> (docs/api.md).</summary>
    public static WebApplication MapCampaigns(this WebApplication app)
    {
        CampaignEndpoints.Map(app.MapReportGroup());
        return app;
    }
}

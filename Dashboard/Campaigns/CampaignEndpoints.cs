using Dashboard.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Campaigns;

/// <summary>
/// <c>/campaigns</c> and <c>/campaigns/{id}/metrics</c>: the campaign metrics the 1 s job publishes on <c>campaigns</c>
/// and <c>campaign:{id}</c>, computed on request for the token's tenant.
/// </summary>
internal static class CampaignEndpoints
{
    /// <summary>Maps the campaign reports on <paramref name="api"/> (the report group).</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", GetCampaigns)
            .WithName("GetCampaigns")
            .WithSummary("Every campaign's metrics")
            .WithDescription("The shape of the `campaigns_update` message: each campaign of the tenant, by id.");
        api.MapGet("/campaigns/{id}/metrics", GetCampaign)
            .WithName("GetCampaignMetrics")
            .WithSummary("One campaign's metrics")
            .WithDescription("The shape of the `metrics_update` message on `campaign:{id}`; 404 when the tenant has no such campaign.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<CampaignsUpdate>> GetCampaigns(
        HttpContext context, CampaignMetricsCalculator calculator, TimeProvider time, CancellationToken ct)
    {
        var metrics = await calculator.ComputeAsync([ApiExtensions.Tenant(context)], time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(metrics.Single().Campaigns);
    }

    private static async Task<Results<Ok<CampaignMetricsUpdate>, ProblemHttpResult>> GetCampaign(
        string id, HttpContext context, CampaignMetricsCalculator calculator, TimeProvider time, CancellationToken ct)
    {
        var metrics = await calculator.ComputeAsync([ApiExtensions.Tenant(context)], time.GetUtcNow().UtcDateTime, ct);
        return metrics.Single().Campaigns.Campaigns.FirstOrDefault(c => c.CampaignId == id) is { } campaign
            ? TypedResults.Ok(campaign)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown campaign",
                detail: $"The tenant has no campaign '{(id.Length > 100 ? id[..100] : id)}'.");
    }
}

using Dashboard.Auth;
using Dashboard.Campaigns;
using Dashboard.Pages.Shell;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Dashboard.Pages.Campaigns;

/// <summary>
/// One campaign (<c>/campaigns/{id}</c>): its KPIs, outcomes and a history of active calls and dialing rate. The first
/// view is what <c>GET /api/v1/campaigns/{id}/metrics</c> answers; an id the tenant has no campaign for is a 404 page
/// with a link back to the list. <c>wwwroot/js/campaign.js</c> keeps it live from the <c>campaigns</c> topic.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class DetailModel(CampaignMetricsCalculator calculator, TimeProvider time, IOptions<HttpJsonOptions> json) : PageModel
{
    /// <summary>The campaign id from the route.</summary>
    public string Id { get; private set; } = "";

    /// <summary>The campaign's metrics, or null when the tenant has no such campaign.</summary>
    public CampaignMetricsUpdate? Campaign { get; private set; }

    /// <summary>The campaign as JSON (the shape of <c>metrics_update</c> on <c>campaign:{id}</c>), for the script.</summary>
    public string InitialJson { get; private set; } = "null";

    /// <summary>Computes the campaign metrics now and picks <paramref name="id"/>.</summary>
    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        Id = id;
        var tenant = TokenPrincipal.FromClaims(User)!.Tenant;
        var all = (await calculator.ComputeAsync([tenant], time.GetUtcNow().UtcDateTime, ct)).Single().Campaigns;
        Campaign = all.Campaigns.FirstOrDefault(c => c.CampaignId == id);
        if (Campaign is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        InitialJson = Display.EmbeddedJson(Campaign, json.Value.SerializerOptions);
    }
}

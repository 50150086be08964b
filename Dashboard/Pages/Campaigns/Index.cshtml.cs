using Dashboard.Auth;
using Dashboard.Campaigns;
using Dashboard.Pages.Shell;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Dashboard.Pages.Campaigns;

/// <summary>
/// The campaign list (<c>/campaigns</c>): every campaign with status, active calls, queue depth, attempts and rates.
/// The first view is computed by the calculator behind <c>GET /api/v1/campaigns</c>; <c>wwwroot/js/campaigns.js</c>
/// keeps it live from the <c>campaigns</c> topic.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class IndexModel(CampaignMetricsCalculator calculator, TimeProvider time, IOptions<HttpJsonOptions> json) : PageModel
{
    /// <summary>Every campaign of the tenant, by id.</summary>
    public CampaignsUpdate Campaigns { get; private set; } = null!;

    /// <summary>The same as JSON (the shape of <c>campaigns_update</c>), for the script's first render.</summary>
    public string InitialJson { get; private set; } = "null";

    /// <summary>Computes the campaign metrics now.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var tenant = TokenPrincipal.FromClaims(User)!.Tenant;
        Campaigns = (await calculator.ComputeAsync([tenant], time.GetUtcNow().UtcDateTime, ct)).Single().Campaigns;
        InitialJson = Display.EmbeddedJson(Campaigns, json.Value.SerializerOptions);
    }
}

using Dashboard.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dashboard.Pages;

/// <summary>
/// Alerts (<c>/alerts</c>, docs/pages.md "Alerts"): the tenant's alert rules, the current state of each rule per label
/// set (since when, value, severity, who acknowledged it), the transitions of the last 24 hours, and for sessions with
/// the <c>admin</c> scope the forms that create, edit, silence and delete rules. <c>wwwroot/js/alerts.js</c> reads
/// <c>GET /api/v1/alerts</c> and <c>/api/v1/alerts/history</c> and follows <c>alert_state</c> on topic <c>notifications</c>.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class AlertsModel : PageModel
{
    /// <summary>True when the session may change rules (the <c>admin</c> scope): the page shows its forms.</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>Reads the session's scopes.</summary>
    public void OnGet() => IsAdmin = TokenPrincipal.FromClaims(User)?.Has(Scopes.Admin) == true;
}

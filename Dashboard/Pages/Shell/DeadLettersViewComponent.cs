using Dashboard.Auth;
using Dashboard.Folding.DeadLetters;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Pages.Shell;

/// <summary>
/// Renders <c>Pages/Shared/_DeadLetters.cshtml</c> for the signed-in tenant, so a page shows the dead-letter panel without
/// its model reading dead letters: the Jobs page's model lives in <c>Jobs/</c>, which must not depend on the fold
/// (docs/architecture.md §1).
/// </summary>
public sealed class DeadLettersViewComponent(DeadLetterStore store) : ViewComponent
{
    /// <summary>The panel with the counts, and with the newest entries when <paramref name="showEntries"/>.</summary>
    public async Task<IViewComponentResult> InvokeAsync(bool showEntries)
    {
        var tenant = TokenPrincipal.FromClaims(UserClaimsPrincipal)!.Tenant;
        var panel = await DeadLettersPanel.ReadAsync(store, tenant, showEntries, HttpContext.RequestAborted);
        return View("~/Pages/Shared/_DeadLetters.cshtml", panel);
    }
}

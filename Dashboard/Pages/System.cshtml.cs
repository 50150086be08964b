using Dashboard.Auth;
using Dashboard.Pages.Shell;
using Dashboard.Pages.SystemPage;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dashboard.Pages;

/// <summary>
/// The System page (issue 7, <c>admin</c> only): node health, connections by transport, realtime throughput and drops,
/// readiness and job lag, from the <c>system</c> topic. A signed-in session without <c>admin</c> gets a 403 page that
/// says why (not the sign-in redirect the cookie scheme's access-denied path would give).
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
public sealed class SystemModel(RealtimeHub hub) : PageModel
{
    /// <summary>False for a session without the <c>admin</c> scope: the page explains the 403 instead.</summary>
    public bool Allowed { get; private set; }

    /// <summary>What the page shows before its script connects.</summary>
    public SystemSnapshot Snapshot { get; private set; } = SystemSnapshot.Empty;

    /// <summary>Checks the scope and reads the newest <c>system</c> snapshot; the dead-letter panel renders itself (<see cref="DeadLettersViewComponent"/>).</summary>
    public void OnGet()
    {
        var principal = TokenPrincipal.FromClaims(User)!;
        Allowed = principal.Has(Scopes.Admin);
        if (!Allowed)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Snapshot = SystemSnapshot.From(hub.Latest(principal.Tenant, Topics.System));
    }
}

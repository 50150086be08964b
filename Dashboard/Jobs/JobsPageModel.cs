using Dashboard.Auth;
using Dashboard.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Text.Json;

namespace Dashboard.Jobs;

/// <summary>
/// The model of the Jobs page (<c>Pages/Jobs.cshtml</c>, route <c>/jobs</c>, docs/pages.md): every recurring Quartz job
/// with its schedule, state, last and next run, duration history and failures, and for <c>admin</c> Pause / Resume /
/// Trigger now. It lives with the scheduling it shows (docs/architecture.md §1); the page's <c>@model</c> names it. The first view is rendered from <see cref="JobsReader"/>;
/// <c>wwwroot/js/jobs.js</c> polls <c>/api/v1/jobs</c> to keep it current.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
public sealed class JobsPageModel(JobsReader reader) : PageModel
{
    /// <summary>True when the session has the <c>admin</c> scope (the action buttons).</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>The jobs as read now, or null while the scheduler is not running on this node.</summary>
    public JobsReport? Report { get; private set; }

    /// <summary>The report as the API serialises it, for the script to start from.</summary>
    public string ReportJson => JsonSerializer.Serialize(Report, JsonDefaults.Options);

    /// <summary>Reads the session and the jobs. The page's dead-letter panel renders itself (<c>DeadLettersViewComponent</c>).</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        IsAdmin = TokenPrincipal.FromClaims(User)!.Has(Scopes.Admin);
        Report = await reader.ReadAllAsync(ct);
    }
}

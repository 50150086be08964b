using Dashboard.Auth;
using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Pages.Shell;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using System.Globalization;

namespace Dashboard.Pages;

/// <summary>
/// The Calls page (issue 7): active calls with live durations, recent calls, calls per hour, agent performance and the
/// window KPIs for <c>?hours=</c> (1, 4, 8, 24, 72, 168). The first view is read from the same calculators and reader
/// as <c>/api/v1/calls/*</c> and <c>/agents/performance</c>; <c>wwwroot/js/calls.js</c> keeps it live.
/// </summary>
[Authorize(Policy = Scopes.Policies.Read)]
internal sealed class CallsModel(
    CallWindowCalculator windows,
    RecentCallsReader recentCalls,
    CampaignMetricsCalculator campaigns,
    TimeProvider time,
    IOptions<HttpJsonOptions> json) : PageModel
{
    /// <summary>The windows the range selector offers, in hours.</summary>
    public static readonly IReadOnlyList<int> HourChoices = [1, 4, 8, 24, 72, 168];

    /// <summary>How many ended calls the recent list shows (<c>/calls/recent?limit=</c>).</summary>
    public const int RecentLimit = 20;

    /// <summary>The window shown, in hours.</summary>
    public int Hours { get; private set; } = CallWindow.DefaultHours;

    /// <summary>Why the <c>hours</c> query was not used (the page then shows the default window), or null.</summary>
    public string? HoursError { get; private set; }

    /// <summary>The window's call metrics.</summary>
    public CallMetrics Metrics { get; private set; } = null!;

    /// <summary>Calls per local hour (the tenant's zone) of the window.</summary>
    public IReadOnlyList<HourlyCalls> PerHour { get; private set; } = [];

    /// <summary>The tenant's IANA zone (<c>Tenants:{tenant}:TimeZone</c>): the hours of calls per hour are its local hours.</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>Per-agent calls of the window.</summary>
    public IReadOnlyList<AgentPerformance> Agents { get; private set; } = [];

    /// <summary>The newest ended calls.</summary>
    public IReadOnlyList<RecentCall> Recent { get; private set; } = [];

    /// <summary>Calls in progress now.</summary>
    public ActiveCallsUpdate Active { get; private set; } = null!;

    /// <summary>The same data as JSON (the REST reports' shapes), for the script's first render.</summary>
    public string InitialJson { get; private set; } = "null";

    /// <summary>The rule a bad <c>hours</c> value is told.</summary>
    public static string HoursRule =>
        $"hours must be one of {string.Join(", ", HourChoices.Take(HourChoices.Count - 1))} or {HourChoices[^1]} (default {CallWindow.DefaultHours}).";

    /// <summary>Reads the window's reports, the recent and the active calls.</summary>
    public async Task OnGetAsync(string? hours, CancellationToken ct)
    {
        if (hours is not null)
        {
            if (int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && HourChoices.Contains(h))
            {
                Hours = h;
            }
            else
            {
                // Still a page, with the default window: a mistyped bookmark should explain itself, not break.
                HoursError = $"{HoursRule} Got '{(hours.Length > 20 ? hours[..20] + "…" : hours)}'; showing the last {CallWindow.DefaultHours} hours.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }

        var tenant = TokenPrincipal.FromClaims(User)!.Tenant;
        var now = time.GetUtcNow().UtcDateTime;
        var stats = (await windows.ComputeAsync([tenant], Hours, now, ct))[tenant];
        Metrics = stats.Metrics;
        PerHour = stats.CallsPerHour;
        TimeZone = stats.TimeZone;
        Agents = stats.Agents;
        Recent = await recentCalls.ReadAsync(tenant, RecentLimit, ct);
        Active = (await campaigns.ComputeAsync([tenant], now, ct)).Single().ActiveCalls;
        InitialJson = Display.EmbeddedJson(
            new
            {
                hours = Hours,
                hourChoices = HourChoices,
                recentLimit = RecentLimit,
                metrics = Metrics,
                callsPerHour = stats.ToPerHour(),
                agents = stats.ToAgents(),
                recent = new RecentCallsReport(Recent, now),
                active = Active,
            },
            json.Value.SerializerOptions);
    }
}

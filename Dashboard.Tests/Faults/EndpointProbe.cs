using System.Diagnostics;
using System.Net;

namespace Dashboard.Tests.Faults;

/// <summary>One answer of one endpoint.</summary>
/// <param name="Path">Request path and query.</param>
/// <param name="Status">HTTP status, or 0 when no answer came within the client's timeout.</param>
/// <param name="MediaType">The answer's content type (no parameters).</param>
/// <param name="RetryAfter">The <c>Retry-After</c> delay, when present.</param>
/// <param name="Elapsed">Time to the complete answer.</param>
/// <param name="Body">The first 4,000 characters of the body.</param>
internal sealed record ProbeResult(string Path, int Status, string? MediaType, TimeSpan? RetryAfter, TimeSpan Elapsed, string Body)
{
    public override string ToString() =>
        $"{Path} → {Status} {MediaType} Retry-After={RetryAfter?.TotalSeconds.ToString() ?? "-"} in {Elapsed.TotalMilliseconds:F0} ms";
}

/// <summary>
/// Asks every endpoint whose answer during a database outage docs/outage.md states: the REST reports and the jobs API
/// (bearer token), <c>/readyz</c>, the in-memory snapshot endpoint, and the pages whose first render reads the database
/// (cookie session).
/// </summary>
internal sealed class EndpointProbe : IDisposable
{
    /// <summary>Endpoints that read the database: 503 problem+json with Retry-After while it is down.</summary>
    public static IReadOnlyList<string> DatabaseReports(string campaign) =>
    [
        "api/v1/calls/metrics", "api/v1/calls/active", "api/v1/calls/recent", "api/v1/calls/per-hour", "api/v1/agents/performance",
        "api/v1/campaigns", $"api/v1/campaigns/{campaign}/metrics", "api/v1/calls/per-day", "api/v1/queues",
        "api/v1/jobs", "api/v1/jobs/campaign_metrics",
    ];

    /// <summary>Pages whose first render reads the database: a 503 page with the error banner while it is down.</summary>
    public static IReadOnlyList<string> DatabasePages(string campaign) => ["calls", "campaigns", $"campaigns/{campaign}", "jobs", "queues", "wallboard"];

    /// <summary>Pages rendered from the hub's snapshots (memory): 200 while the database is down.</summary>
    public static readonly IReadOnlyList<string> MemoryPages = ["", "system"];

    /// <summary>Other endpoints that need no database, asked as the signed-in browser: 200 while it is down.</summary>
    public static readonly IReadOnlyList<string> MemoryEndpoints = ["healthz", "metrics", "api/v1/session/token"];

    /// <summary>Served from memory: 200 while the database is down.</summary>
    public const string Snapshot = "api/v1/snapshots/calls";

    private readonly HttpClient _api;
    private readonly HttpClient _browser;
    private readonly HttpClientHandler _browserHandler;
    private readonly Uri _baseAddress;

    /// <param name="baseAddress">The server.</param>
    /// <param name="readToken">A token with <c>dashboard:read</c> and <c>admin</c> (the jobs API and page for all).</param>
    public EndpointProbe(Uri baseAddress, string readToken)
    {
        _baseAddress = baseAddress;
        _api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", readToken);
        _browserHandler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        _browser = new HttpClient(_browserHandler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        ReadToken = readToken;
    }

    private string ReadToken { get; }

    /// <summary>Signs the browser client in (<c>/login?token=</c> sets the cookie session; needs no database).</summary>
    public async Task SignInAsync()
    {
        using var login = await _browser.GetAsync(new Uri($"login?token={ReadToken}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    /// <summary>GETs <paramref name="path"/> with the bearer token.</summary>
    public Task<ProbeResult> ApiAsync(string path) => GetAsync(_api, path);

    /// <summary>GETs <paramref name="path"/> as the signed-in browser.</summary>
    public Task<ProbeResult> PageAsync(string path) => GetAsync(_browser, path);

    /// <summary>GETs <c>/readyz</c> (anonymous).</summary>
    public Task<ProbeResult> ReadyAsync() => GetAsync(_browser, "readyz");

    /// <summary>Every probe but <c>/readyz</c> once, all at the same time.</summary>
    public async Task<List<ProbeResult>> RoundAsync(string campaign) =>
    [
        .. await Task.WhenAll(
            [ApiAsync(Snapshot), .. DatabaseReports(campaign).Select(ApiAsync), .. DatabasePages(campaign).Select(PageAsync), .. MemoryPages.Select(PageAsync),
             .. MemoryEndpoints.Select(PageAsync)]),
    ];

    public void Dispose()
    {
        _api.Dispose();
        _browser.Dispose();
        _browserHandler.Dispose();
    }

    private async Task<ProbeResult> GetAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.GetAsync(new Uri(_baseAddress, path));
            var body = await response.Content.ReadAsStringAsync();
            return new ProbeResult(
                path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter?.Delta,
                watch.Elapsed, body.Length > 4000 ? body[..4000] : body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new ProbeResult(path, 0, null, null, watch.Elapsed, ex.Message);
        }
    }
}

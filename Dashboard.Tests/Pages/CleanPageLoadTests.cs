using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Jobs;
using Microsoft.Playwright;
using System.Net;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// No page load logs a console error: the anonymous sign-in page, then every page a signed-in admin can reach
/// (read from the rendered nav, so pages added later are included, plus a campaign's detail page) load until live in
/// Chromium with no console error, no uncaught exception and no response of status 400 or above for any request the
/// page made (the favicon included: Chromium asks for it on its own).
/// </summary>
public sealed class CleanPageLoadTests(JobsServer server, BrowserFixture browser) : IClassFixture<JobsServer>, IClassFixture<BrowserFixture>
{
    // The nav of an admin session today; the test reads the nav, and fails if one of these went missing from it.
    private static readonly string[] NavRoutes = ["/", "/campaigns", "/calls", "/queues", "/chat", "/commerce", "/kpis", "/alerts", "/jobs", "/wallboard", "/system"];

    [Fact]
    public async Task The_sign_in_page_and_every_signed_in_page_load_live_without_a_console_error_an_uncaught_exception_or_a_failed_request()
    {
        var tenant = Tenants.New();
        // A campaign with calls, a queue and an agent (PageData): the pages draw their tables and charts, not only "—".
        await PageData.IngestAsync(server, tenant);
        // One context and page throughout: Chromium asks for a page's icon once per browser and remembers a failure, so
        // the first page load, anonymous on /signin, is where a missing icon shows.
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        var problems = Watch(page);

        var signIn = await page.GotoAsync("/signin");
        Assert.True(signIn?.Status == (int)HttpStatusCode.OK, $"/signin answered {signIn?.Status}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Signs in as BrowserFixture.SignInAsync does, on the page already watched.
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant, PageData.AdminScopes)));
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        var routes = await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).Locator("a")
            .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Subset(routes.ToHashSet(), NavRoutes.ToHashSet());

        // The dead letters panel is part of /jobs and /system (docs/pages.md); there is no page of its own.
        foreach (var route in routes.Append("/campaigns/cmp-pages"))
        {
            var response = await page.GotoAsync(route);
            Assert.True(response?.Status == (int)HttpStatusCode.OK, $"{route} answered {response?.Status}");
            await WaitUntilLoadedAndLiveAsync(page);
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) while loading the pages:\n{string.Join('\n', problems)}");
    }

    // Collects, from now on, every console error, uncaught exception and response >= 400 of the page, with the page's URL.
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        void Add(string problem)
        {
            lock (problems)
            {
                problems.Add($"{page.Url}: {problem}");
            }
        }

        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                Add($"console error: {m.Text} ({m.Location})");
            }
        };
        page.PageError += (_, e) => Add($"uncaught: {e}");
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                Add($"HTTP {r.Status} for {r.Request.Method} {r.Url}");
            }
        };
        return problems;
    }

    // Loaded and live: the connection badge says live (or polling, the Jobs page's design), no loading placeholder is
    // left, and the network has been quiet for Playwright's 500 ms (the first fetches and the favicon are done).
    private static async Task WaitUntilLoadedAndLiveAsync(IPage page)
    {
        var badge = page.GetByTestId("connection-state");
        if (await badge.CountAsync() > 0 && await badge.GetAttributeAsync("data-state") != "static")
        {
            await Expect(badge).ToHaveAttributeAsync("data-state", new Regex("^(live|polling)$"));
        }

        await page.WaitForFunctionAsync("() => document.querySelectorAll('.skeleton').length === 0");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}

using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Jobs;
using Microsoft.Playwright;
using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// Every page in the main navigation (read from the rendered nav, so pages added later are included), signed in as
/// admin with a little ingested data: full-page screenshots light and dark at desktop and phone width into
/// <c>bin/…/screenshots/{page}-{theme}-{width}.png</c>, no console errors or uncaught exceptions, and a basic
/// accessibility check (labelled charts, named tables and buttons), and no sideways scrolling at phone width.
/// </summary>
public sealed class PageScreenshotTests(JobsServer server, BrowserFixture browser, ITestOutputHelper output)
    : IClassFixture<JobsServer>, IClassFixture<BrowserFixture>
{
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1280, 800), ("375", 375, 812)];
    private static readonly ColorScheme[] Themes = [ColorScheme.Light, ColorScheme.Dark];

    /// <summary>The stable folder the screenshots go to (under the test output).</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    // Runs in the page: what a screen reader user would miss. Returns one line per problem.
    private const string AccessibilityAudit = """
        () => {
          const name = el => (el.getAttribute('aria-label') ?? '').trim()
            || (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).map(id => document.getElementById(id)?.textContent ?? '').join('').trim()
            || (el.getAttribute('title') ?? '').trim();
          const where = el => el.id ? `#${el.id}` : (el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : el.outerHTML.slice(0, 80));
          const problems = [];
          document.querySelectorAll('canvas, [role=img]').forEach(el => {
            if (el.getAttribute('role') !== 'img') problems.push(`canvas without role=img: ${where(el)}`);
            else if (!name(el)) problems.push(`image without aria-label: ${where(el)}`);
          });
          document.querySelectorAll('table').forEach(el => {
            if (!(el.caption?.textContent ?? '').trim() && !name(el)) problems.push(`table without caption or aria-label: ${where(el)}`);
          });
          document.querySelectorAll('button, [role=button]').forEach(el => {
            if (!el.textContent.trim() && !name(el)) problems.push(`button without an accessible name: ${where(el)}`);
          });
          return problems;
        }
        """;

    [Fact]
    public async Task Every_page_renders_light_and_dark_at_desktop_and_phone_width_without_errors_and_with_labelled_controls()
    {
        var tenant = Tenants.New();
        await PageData.IngestAsync(server, tenant);
        Directory.CreateDirectory(Folder);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant, PageData.AdminScopes);
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            // Chromium asks for /favicon.ico on its own; that it answers is CleanPageLoadTests' and FaviconTests' concern.
            if (m.Type == "error" && !m.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                errors.Add($"{page.Url}: console error: {m.Text} ({m.Location})");
            }
        };
        page.PageError += (_, e) => errors.Add($"{page.Url}: uncaught: {e}");

        var routes = await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).Locator("a")
            .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Contains("/", routes);
        Assert.Contains("/system", routes);

        var problems = new List<string>();
        var shot = new List<string>();
        foreach (var route in routes)
        {
            var response = await page.GotoAsync(route);
            // Every page the nav lists must exist: a missing one fails here rather than being skipped.
            Assert.True(response?.Status == (int)HttpStatusCode.OK, $"{route} answered {response?.Status}");
            await WaitForDataAsync(page);
            problems.AddRange((await page.EvaluateAsync<string[]>(AccessibilityAudit)).Select(p => $"{route}: {p}"));
            var name = route == "/" ? "overview" : route.Trim('/').Replace('/', '-');
            foreach (var (viewport, width, height) in Viewports)
            {
                await page.SetViewportSizeAsync(width, height);
                // Usable at phone width: wide tables scroll in their own region, charts shrink; the page never scrolls sideways.
                try
                {
                    await page.WaitForFunctionAsync($"() => document.documentElement.scrollWidth <= {width}", null, new() { Timeout = 5_000 });
                }
                catch (TimeoutException)
                {
                    problems.Add($"{route}: at {width} px the page is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide");
                }

                foreach (var theme in Themes)
                {
                    await page.EmulateMediaAsync(new() { ColorScheme = theme, ReducedMotion = ReducedMotion.Reduce });
                    var themeName = theme == ColorScheme.Dark ? "dark" : "light";
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", themeName);
                    var file = Path.Combine(Folder, $"{name}-{themeName}-{viewport}.png");
                    await page.ScreenshotAsync(new() { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
                    shot.Add(Path.GetFileName(file));
                }
            }
        }

        output.WriteLine($"Screenshots ({shot.Count}) in {Folder}:");
        shot.ForEach(output.WriteLine);
        Assert.True(errors.Count == 0, string.Join('\n', errors));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Contains("overview-dark-375.png", shot);
        Assert.Contains("system-light-desktop.png", shot);
        Assert.Contains("chat-dark-375.png", shot);
    }

    [Fact]
    public async Task Every_page_of_a_fresh_tenant_loads_without_script_errors_and_leaves_no_placeholder_behind()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant, PageData.AdminScopes);
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                errors.Add($"{page.Url}: console error: {m.Text} ({m.Location})");
            }
        };
        page.PageError += (_, e) => errors.Add($"{page.Url}: uncaught: {e}");

        var routes = await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).Locator("a")
            .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        foreach (var route in routes)
        {
            var response = await page.GotoAsync(route);
            Assert.True(response?.Status == (int)HttpStatusCode.OK, $"{route} answered {response?.Status}");
            // A quiet tenant: the placeholders give way to "—" (skeleton grace) and nothing is reported as failed.
            await WaitForDataAsync(page);
            await Expect(page.GetByTestId("page-error")).ToBeHiddenAsync();
        }

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    // Live (when the page has a live connection) and no loading placeholder left: what a user would look at.
    private static async Task WaitForDataAsync(IPage page)
    {
        var badge = page.GetByTestId("connection-state");
        if (await badge.CountAsync() > 0 && await badge.GetAttributeAsync("data-state") != "static")
        {
            // Live, or polling by design (the Jobs page reads Quartz's tables every few seconds; no topic carries them).
            await Expect(badge).ToHaveAttributeAsync("data-state", new Regex("^(live|polling)$"));
        }

        await page.WaitForFunctionAsync("() => document.querySelectorAll('.skeleton').length === 0");
        await page.EvaluateAsync("() => document.fonts.ready.then(() => undefined)");
    }
}

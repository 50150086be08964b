using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Pages;

/// <summary>
/// One headless Chromium for a test class: Debian's <c>/usr/bin/chromium</c> driven by Playwright (its own browser
/// download cannot work on these machines). Each test opens its own context (cookies, routes) with <see cref="NewContextAsync"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Upper bound for a page to reach a state (Playwright's <c>Expect</c> and waits).</summary>
    public const float TimeoutMs = 15_000;

    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh browser context (no cookies) whose relative URLs resolve against <paramref name="server"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(DashboardServer server)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        context.SetDefaultTimeout(TimeoutMs);
        return context;
    }

    /// <summary>Opens a page, signs in through <c>/login?token=</c> with a token for <paramref name="tenant"/>, and lands on <c>/</c>.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, DashboardServer server, string tenant, string scopes = "dashboard:read")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant, scopes)));
        return page;
    }
}

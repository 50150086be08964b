using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Tests.Pages.AlertRuleData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The Wallboard's firing-alerts banner in Chromium (docs/pages.md "Wallboard"): an alert that fires while the board is
/// open appears above the rotation at once, says "Critical" (with its own icon and border, not only a colour), moves
/// to "Warning" when the figure falls between the thresholds and leaves when it resolves. Needs the alert-rules and
/// alert-eval branches.
/// </summary>
public sealed class WallboardAlertsTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_firing_alert_shows_above_the_rotation_by_level_and_leaves_when_it_resolves()
    {
        var tenant = Tenants.New();
        await CreateCallsWaitingRuleAsync(server, tenant, "wb-waiting", "Support calls waiting");
        await PublishWaitingAsync(server, tenant, 1);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        var errors = NotificationBellTests.WatchErrors(page);
        await page.GotoAsync("/wallboard");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var banner = page.GetByTestId("wb-alerts");
        await Expect(banner).ToBeHiddenAsync();

        await PublishWaitingAsync(server, tenant, 12);
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToHaveAttributeAsync("data-level", "critical");
        var line = page.GetByTestId("wb-alert").First;
        await Expect(line).ToHaveAttributeAsync("data-level", "critical");
        await Expect(line.Locator("[data-field='level']")).ToHaveTextAsync("Critical");
        await Expect(line.Locator("[data-field='rule']")).ToHaveTextAsync("Support calls waiting");
        await Expect(line.Locator("[data-field='labels']")).ToHaveTextAsync("queue=support");
        await Expect(line.Locator("[data-field='value']")).ToHaveTextAsync("12");
        await Expect(line.Locator("[data-field='since']")).ToHaveTextAsync(new Regex(@"^for \d+ s$"));
        await Expect(page.GetByTestId("wb-alerts-count")).ToHaveTextAsync("(1 critical)");
        // Not by colour alone: the level's word and its own icon.
        Assert.Equal("\"✖ \"", await line.Locator("[data-field='level']").EvaluateAsync<string>("e => getComputedStyle(e, '::before').content.split(' / ')[0]"));

        // Between the thresholds: critical recovers, warning still fires (de-escalation).
        await PublishWaitingAsync(server, tenant, 7);
        await Expect(line).ToHaveAttributeAsync("data-level", "warning");
        await Expect(line.Locator("[data-field='level']")).ToHaveTextAsync("Warning");
        Assert.Equal("\"▲ \"", await line.Locator("[data-field='level']").EvaluateAsync<string>("e => getComputedStyle(e, '::before').content.split(' / ')[0]"));

        await PublishWaitingAsync(server, tenant, 0);
        await Expect(banner).ToBeHiddenAsync();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }
}

using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.AlertRuleData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The Alerts page and the acknowledgement in Chromium (docs/pages.md "Alerts"): a rule created over REST and queue
/// figures past its critical threshold show as a firing alert with its transition, live; an admin's create form shows
/// the 400's field errors next to the fields and lists the rule once it is valid; an acknowledgement made from the bell's
/// centre in one browser shows in a second browser without a reload. Needs the alert-rules branch (rules REST) and the
/// alert-eval branch (evaluation, <c>GET /api/v1/alerts</c>, history, ack, <c>alert_state</c>).
/// </summary>
public sealed class AlertsPageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static ILocator AlertRow(IPage page, string ruleId) =>
        page.GetByTestId("alerts-table").Locator($"tbody tr[data-rule-id='{ruleId}']");

    [Fact]
    public async Task A_firing_rule_is_listed_with_its_state_value_and_transition_live_and_a_reader_sees_no_forms()
    {
        var tenant = Tenants.New();
        await CreateCallsWaitingRuleAsync(server, tenant, "support-waiting", "Support calls waiting");
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        var errors = NotificationBellTests.WatchErrors(page);
        await page.GotoAsync("/alerts");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var rule = page.GetByTestId("rules-table").Locator("tbody tr[data-key='support-waiting']");
        await Expect(rule).ToContainTextAsync("Support calls waiting");
        await Expect(rule).ToContainTextAsync("queue.callsWaiting{queue=support}");
        await Expect(rule).ToContainTextAsync("critical > 10");
        await Expect(page.GetByTestId("alerts-empty")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("rule-form")).ToHaveCountAsync(0);

        // The queue passes the critical threshold: the open page shows the firing alert and its transition, no reload.
        await PublishWaitingAsync(server, tenant, 12);
        var row = AlertRow(page, "support-waiting");
        await Expect(row.Locator(".alert-state")).ToHaveTextAsync(new Regex("^Firing · critical"));
        await Expect(row).ToHaveAttributeAsync("data-level", "critical");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("12");
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("queue=support");
        await Expect(row.Locator("time[data-since]")).ToHaveTextAsync(new Regex(@"^\d+ s ago$"));
        await Expect(row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Acknowledge") })).ToBeVisibleAsync();
        var history = page.GetByTestId("history-table").Locator("tbody tr[data-key]");
        await Expect(history.First).ToContainTextAsync("Support calls waiting");
        await Expect(history.First.Locator("td[data-to='firing']")).ToBeVisibleAsync();

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public async Task A_tenant_without_rules_is_told_how_to_create_one()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        var errors = NotificationBellTests.WatchErrors(page);
        await page.GotoAsync("/alerts");
        await Expect(page.GetByTestId("alerts-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("alerts-empty")).ToContainTextAsync("POST /api/v1/alerts/rules");
        await Expect(page.GetByTestId("rules-table").Locator("tbody")).ToContainTextAsync("No rules yet.");
        await Expect(page.GetByTestId("page-error")).ToBeHiddenAsync();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public async Task A_rule_created_elsewhere_after_the_page_loaded_is_listed_once_its_first_alert_state_arrives()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        var errors = NotificationBellTests.WatchErrors(page);
        await page.GotoAsync("/alerts");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("rules-table").Locator("tbody")).ToContainTextAsync("No rules yet.");

        // Another admin creates a rule; its first alert_state names a rule this page never read: the page re-reads.
        await CreateCallsWaitingRuleAsync(server, tenant, "elsewhere", "Created elsewhere");
        await PublishWaitingAsync(server, tenant, 12);
        await Expect(AlertRow(page, "elsewhere")).ToHaveAttributeAsync("data-level", "critical");
        await Expect(page.GetByTestId("rules-table").Locator("tbody tr[data-key='elsewhere']")).ToContainTextAsync("Created elsewhere");
        await Expect(page.GetByTestId("alerts-empty")).ToBeHiddenAsync();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public async Task The_admin_form_shows_the_400s_field_errors_next_to_the_fields_and_lists_the_rule_once_valid()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant, AdminScopes);
        await page.GotoAsync("/alerts");
        var form = page.GetByTestId("rule-form");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Longest wait");
        await form.GetByLabel(new Regex("^Metric")).FillAsync("queue.noSuchFigure");
        await form.GetByLabel("Warning threshold").FillAsync("300");
        await form.GetByLabel("Warning recovery").FillAsync("400");
        await form.GetByTestId("rule-save").ClickAsync();

        // The server's 400 names the fields: each message sits next to its field, which is marked invalid.
        await Expect(form.GetByTestId("error-warningRecovery")).ToContainTextAsync("warningRecovery must be at most warning");
        await Expect(form.GetByLabel("Warning recovery")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.GetByTestId("error-metric")).ToContainTextAsync("unknown metric");
        await Expect(form.GetByTestId("error-name")).ToBeHiddenAsync();
        await Expect(form.GetByTestId("rule-form-error")).ToBeVisibleAsync();

        await form.GetByLabel(new Regex("^Metric")).FillAsync("queue.longestWaitSeconds{queue=support}");
        await form.GetByLabel("Warning recovery").FillAsync("240");
        await form.GetByTestId("rule-save").ClickAsync();
        var rule = page.GetByTestId("rules-table").Locator("tbody tr[data-key]").Filter(new() { HasText = "Longest wait" });
        await Expect(rule).ToContainTextAsync("queue.longestWaitSeconds{queue=support}");
        await Expect(rule).ToContainTextAsync("warning > 300 (recovers < 240)");
        await Expect(form.GetByTestId("error-warningRecovery")).ToBeHiddenAsync();
        await Expect(form.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("");
    }

    [Fact]
    public async Task An_acknowledgement_from_the_bell_in_one_browser_shows_live_in_a_second_browser()
    {
        var tenant = Tenants.New();
        await CreateCallsWaitingRuleAsync(server, tenant, "support-backlog", "Support backlog");
        await using var aliceContext = await browser.NewContextAsync(server);
        var alice = await SignInAsAsync(aliceContext, server, tenant, "alice");
        var aliceErrors = NotificationBellTests.WatchErrors(alice);
        await Expect(alice.GetByTestId("bell")).ToHaveAttributeAsync("data-ready", "true");
        await using var bobContext = await browser.NewContextAsync(server);
        var bob = await SignInAsAsync(bobContext, server, tenant, "bob");
        var bobErrors = NotificationBellTests.WatchErrors(bob);
        await bob.GotoAsync("/alerts");
        await Expect(bob.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await PublishWaitingAsync(server, tenant, 12);
        // The rule's firing notification reaches Alice's bell (an error: a toast too) and Bob's alerts table.
        await Expect(alice.GetByTestId("bell-count")).ToHaveTextAsync("1");
        await Expect(alice.GetByTestId("toast").Filter(new() { HasText = "Support backlog" })).ToHaveAttributeAsync("data-level", "critical");
        var bobRow = AlertRow(bob, "support-backlog");
        await Expect(bobRow.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Acknowledge") })).ToBeVisibleAsync();

        await alice.GetByTestId("bell").ClickAsync();
        var item = alice.GetByTestId("notification-centre").GetByTestId("notification").First;
        await Expect(item).ToHaveAttributeAsync("data-source", "rule");
        await item.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(item.GetByTestId("notification-ack")).ToContainTextAsync("Acknowledged by alice");
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToBeHiddenAsync();

        // Bob sees it without reloading: the alert_state message of the acknowledgement.
        await Expect(bobRow.Locator("td").Nth(4)).ToContainTextAsync("by alice");
        await Expect(bobRow.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(bob.GetByTestId("alerts-announce")).ToContainTextAsync("acknowledged by alice");

        Assert.True(aliceErrors.Count == 0, string.Join('\n', aliceErrors));
        Assert.True(bobErrors.Count == 0, string.Join('\n', bobErrors));
    }
}

using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Jobs;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The Jobs page in Chromium against the real clustered scheduler.</summary>
public sealed class JobsPageTests(JobsServer server, BrowserFixture browser) : IClassFixture<JobsServer>, IClassFixture<BrowserFixture>
{
    private const string Admin = "dashboard:read admin";
    private static readonly string[] AllJobs = ["alert_evaluation", "call_stats", "campaign_metrics", "retention", "rollup", "system_health"];

    [Fact]
    public async Task The_page_lists_every_job_with_its_schedule_next_run_and_last_run()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        await page.GotoAsync("/jobs");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Level = 1 })).ToBeVisibleAsync();
        foreach (var name in AllJobs)
        {
            var row = Row(page, name);
            await Expect(row).ToBeVisibleAsync();
            await Expect(row.Locator("[data-field=schedule]")).ToContainTextAsync("every");
            await Expect(row.Locator("[data-field=nextRun]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("in |due now"));
        }

        await Expect(Row(page, "campaign_metrics").Locator("[data-field=outcome]")).ToContainTextAsync("succeeded");
        await Expect(page.GetByTestId("connection-state")).ToContainTextAsync("Polling");
        await Expect(page.GetByTestId("export-jobs")).ToBeVisibleAsync();
        // The selected job's duration chart is drawn from its history.
        await page.WaitForFunctionAsync("() => window.dashboard?.chart?.data.datasets[0].data.length > 0");
    }

    [Fact]
    public async Task As_admin_trigger_now_runs_the_job_and_its_last_run_changes_on_the_page()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New(), Admin);
        await page.GotoAsync("/jobs");
        var row = Row(page, "retention");
        var lastRun = row.Locator("[data-field=lastRun] time");
        // Retention ran once at start-up and then waits an hour: a new last run can only be the one asked for.
        await Expect(lastRun).Not.ToHaveAttributeAsync("datetime", "");
        var before = await lastRun.GetAttributeAsync("datetime");

        await row.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();

        await Expect(page.GetByTestId("toast").Filter(new() { HasText = "Triggered retention" })).ToBeVisibleAsync();
        await Expect(lastRun).Not.ToHaveAttributeAsync("datetime", before!, new() { Timeout = 20_000 });
        await Expect(row.Locator("[data-field=outcome]")).ToContainTextAsync("manual");
    }

    [Fact]
    public async Task As_admin_pause_shows_the_job_paused_and_resume_returns_it()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New(), Admin);
        await page.GotoAsync("/jobs");
        var row = Row(page, "rollup");
        var state = row.Locator("[data-field=state]");

        // Keyboard: focus the button and press Enter.
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(state).ToContainTextAsync("paused");
        await Expect(row.Locator("[data-field=nextRun]")).ToHaveTextAsync("—");
        await Expect(page.GetByTestId("toast").Filter(new() { HasText = "Paused rollup" })).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(state).Not.ToContainTextAsync("paused");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
        await Expect(row.Locator("[data-field=nextRun]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("in |due now"));
    }

    [Fact]
    public async Task A_read_only_user_sees_the_jobs_but_no_action_buttons()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());
        await page.GotoAsync("/jobs");

        await Expect(Row(page, "retention")).ToBeVisibleAsync();
        await Expect(page.Locator(".jobs-table button[data-action=pause], .jobs-table button[data-action=resume], .jobs-table button[data-action=trigger]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_failed_action_shows_in_the_error_banner()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New(), Admin);
        await page.GotoAsync("/jobs");
        await Expect(Row(page, "call_stats")).ToBeVisibleAsync();
        // The server refuses the action (as it would a job removed meanwhile): the banner says what failed.
        await page.RouteAsync("**/api/v1/jobs/call_stats/trigger", r => r.FulfillAsync(new()
        {
            Status = 404, ContentType = "application/problem+json", Body = """{"title":"Unknown job","status":404,"detail":"There is no recurring job 'call_stats'."}""",
        }));

        await Row(page, "call_stats").GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();

        await Expect(page.GetByTestId("page-error")).ToContainTextAsync("Unknown job");
    }

    [Fact]
    public async Task A_failed_run_shows_in_the_selected_jobs_failures_with_its_error()
    {
        const string refusal = "test: the page shows this refusal";
        // Only the retention job deletes events: the database refuses it, a real failure of a real run.
        await ExecuteAsync($"""
            CREATE FUNCTION refuse_deletes_for_page() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{refusal}'; END $$;
            CREATE TRIGGER refuse_deletes_for_page BEFORE DELETE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_deletes_for_page();
            """);
        try
        {
            await using var context = await browser.NewContextAsync(server);
            var page = await BrowserFixture.SignInAsync(context, server, Tenants.New(), Admin);
            await page.GotoAsync("/jobs");
            var row = Row(page, "retention");
            await row.GetByRole(AriaRole.Button, new() { Name = "Show history of retention" }).ClickAsync();
            await Expect(page.GetByTestId("selected-job")).ToHaveTextAsync("retention");

            await row.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();

            await Expect(page.GetByTestId("failures-table").Locator("tbody")).ToContainTextAsync(refusal, new() { Timeout = 20_000 });
            await Expect(row.Locator("[data-field=outcome]")).ToContainTextAsync("failed");
            await Expect(row.Locator("[data-field=failures]")).Not.ToHaveTextAsync("0");
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER refuse_deletes_for_page ON events; DROP FUNCTION refuse_deletes_for_page();");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static ILocator Row(IPage page, string job) => page.Locator($"[data-testid=jobs-table] tr[data-job='{job}']");
}

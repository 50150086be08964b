using Dashboard.Tests.DeadLetters;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Playwright;
using Npgsql;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The Dead letters panel (docs/pages.md, docs/dead-letters.md) in Chromium against the real server: the System page lists
/// the tenant's quarantined event with its error and discards it; the Jobs page shows the counts.
/// </summary>
public sealed class DeadLettersPageTests(DeadLetterServer server, BrowserFixture browser) : IClassFixture<DeadLetterServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_sees_a_quarantined_event_on_the_system_and_jobs_pages_and_discards_it()
    {
        var tenant = Tenants.New();
        await using (var data = NpgsqlDataSource.Create(server.ConnectionString))
        await using (var cmd = data.CreateCommand(
            "INSERT INTO events (tenant, source, event_id, type, time, data) VALUES ($1, 'legacy', 'poison-page', 'call.started', now(), $2::jsonb)"))
        {
            cmd.Parameters.AddWithValue(tenant);
            cmd.Parameters.AddWithValue($$"""{"callId":"{{HostileEvents.Incompressible(3000)}}","direction":"outbound"}""");
            await cmd.ExecuteNonQueryAsync();
        }

        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant, PageData.AdminScopes);
        var row = page.GetByTestId("dead-letters-table").Locator("tbody tr[data-state=quarantined]");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await page.GotoAsync("/system");
            Assert.True(DateTime.UtcNow < deadline, "the event was not quarantined within 20 s");
        }
        while (await row.CountAsync() == 0);

        await Expect(row.Locator("th")).ToHaveTextAsync("poison-page");
        await Expect(row.Locator("td.error-text")).ToContainTextAsync("54000");
        await Expect(page.GetByTestId("dead-letters-summary")).ToContainTextAsync("1 quarantined");

        await page.GotoAsync("/jobs");
        await Expect(page.GetByTestId("dead-letters-summary")).ToContainTextAsync("1 quarantined");
        await Expect(page.GetByTestId("dead-letters").GetByRole(AriaRole.Link, new() { Name = "Details on the System page" })).ToBeVisibleAsync();

        await page.GotoAsync("/system");
        await page.GetByRole(AriaRole.Button, new() { Name = "Discard event poison-page" }).ClickAsync();
        await Expect(page.GetByTestId("dead-letters-table").Locator("tbody")).ToHaveTextAsync(new Regex("No dead letters"));
        await Expect(page.GetByTestId("dead-letters-summary")).ToContainTextAsync("0 quarantined");
        await Expect(page.GetByTestId("page-error")).ToBeHiddenAsync();
    }
}

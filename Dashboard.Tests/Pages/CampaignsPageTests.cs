using System.Net;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The campaign list (<c>/campaigns</c>) and one campaign (<c>/campaigns/{id}</c>) against the real server.</summary>
public sealed class CampaignsPageTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_list_is_rendered_on_the_server_then_follows_the_campaigns_topic()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("campaign.updated", now, new { campaignId = "cmp-a", name = "Spring, \"A\"", status = "active", queueDepth = 1200 }),
            CloudEvent("call.started", now, new { callId = "ca-1", direction = "outbound", campaignId = "cmp-a" }),
            CloudEvent("call.started", now, new { callId = "ca-2", direction = "outbound", campaignId = "cmp-a" }));
        await events.WaitForAsync("/api/v1/campaigns", j => j.GetProperty("campaigns").EnumerateArray().Any(c => c.GetProperty("activeCalls").GetInt32() == 2));

        await using (var noScript = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), JavaScriptEnabled = false }))
        {
            var first = await BrowserFixture.SignInAsync(noScript, server, tenant);
            await first.GotoAsync("/campaigns");
            await Expect(first.GetByTestId("campaigns-table").Locator("tbody tr[data-campaign-id='cmp-a'] > *"))
                .ToHaveTextAsync(["Spring, \"A\"", "active", "2", "1,200", "0.03", "2", "0", "0.0 %", "0", "—"]);
            await Expect(first.GetByTestId("kpi-active-calls")).ToHaveTextAsync("2");
        }

        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/campaigns");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var row = page.GetByTestId("campaigns-table").Locator("tbody tr[data-campaign-id='cmp-a']");
        // An answer rate of 0 is below the critical level (answerRate 0.15, lower is worse).
        await Expect(row.Locator("td").Nth(6)).ToHaveAttributeAsync("data-level", "critical");

        await events.PostAsync(
            CloudEvent("call.answered", now.AddSeconds(1), new { callId = "ca-1" }),
            CloudEvent("call.ended", now.AddSeconds(3), new { callId = "ca-1", outcome = "converted", durationSeconds = 2 }),
            CloudEvent("campaign.updated", now.AddSeconds(3), new { campaignId = "cmp-b", name = "Winter", status = "paused", queueDepth = 5 }));

        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("50.0 %");
        await Expect(row.Locator("td").Nth(6)).ToHaveAttributeAsync("data-level", "ok");
        await Expect(row.Locator("td").Nth(8)).ToHaveTextAsync("100.0 %");
        await Expect(page.GetByTestId("campaigns-table").Locator("tbody tr[data-campaign-id='cmp-b'] th")).ToHaveTextAsync("Winter");
        await Expect(page.GetByTestId("kpi-campaigns")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("kpi-active-calls")).ToHaveTextAsync("1");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/campaigns/cmp-a$"));
        await Expect(page.GetByTestId("campaign-name")).ToHaveTextAsync("Spring, \"A\"");
    }

    [Fact]
    public async Task The_campaign_page_shows_its_campaign_live_and_an_unknown_id_is_a_404_with_a_way_back()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("campaign.updated", now, new { campaignId = "cmp-d", name = "Detail", status = "active", queueDepth = 40 }),
            CloudEvent("campaign.updated", now, new { campaignId = "cmp-other", name = "Other", status = "active", queueDepth = 1 }),
            CloudEvent("call.started", now, new { callId = "d-1", direction = "outbound", campaignId = "cmp-d" }));
        await events.WaitForAsync("/api/v1/campaigns/cmp-d/metrics", j => j.GetProperty("activeCalls").GetInt32() == 1);

        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        var response = await page.GotoAsync("/campaigns/cmp-d");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await Expect(page.GetByTestId("campaign-name")).ToHaveTextAsync("Detail");
        await Expect(page.Locator("[data-field=activeCalls]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-field=queueDepth]")).ToHaveTextAsync("40");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Campaigns", Exact = true }).First).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        await page.WaitForFunctionAsync("() => window.dashboard?.charts.history instanceof Chart && window.dashboard.charts.outcomes instanceof Chart");

        await events.PostAsync(
            CloudEvent("call.started", now.AddSeconds(1), new { callId = "d-2", direction = "outbound", campaignId = "cmp-d" }),
            CloudEvent("call.ended", now.AddSeconds(2), new { callId = "d-1", outcome = "busy", durationSeconds = 2 }),
            CloudEvent("call.started", now.AddSeconds(2), new { callId = "o-1", direction = "outbound", campaignId = "cmp-other" }));

        await Expect(page.Locator("[data-field=totalAttempts]")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("outcomes-table").Locator("tr[data-outcome=busy] td")).ToHaveTextAsync(["1", "100.0 %"]);
        await Expect(page.Locator("#outcome-chart")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("Busy 1"));
        await Expect(page.Locator("[data-field=activeCalls]")).ToHaveTextAsync("1");
        Assert.True(await page.EvaluateAsync<int>("() => window.dashboard.charts.history.data.labels.length") >= 2, "the history chart has one point per update");

        var missing = await page.GotoAsync("/campaigns/no-such-campaign");
        Assert.Equal((int)HttpStatusCode.NotFound, missing!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unknown campaign", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("campaign-not-found")).ToContainTextAsync("no-such-campaign");
        await page.GetByTestId("back-to-campaigns").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/campaigns$"));
        await Expect(page.GetByTestId("campaigns-table").Locator("tbody tr[data-campaign-id]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Exporting_the_campaign_table_downloads_what_it_shows()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        var now = DateTimeOffset.UtcNow;
        await events.PostAsync(
            CloudEvent("campaign.updated", now, new { campaignId = "cmp-1", name = "Renewals, 2026", status = "active", queueDepth = 1400 }),
            CloudEvent("campaign.updated", now, new { campaignId = "cmp-2", name = "Winter", status = "paused", queueDepth = 0 }));
        await events.WaitForAsync("/api/v1/campaigns", j => j.GetProperty("campaigns").GetArrayLength() == 2);

        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/campaigns");
        await Expect(page.GetByTestId("campaigns-table").Locator("tbody tr")).ToHaveCountAsync(2);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-campaigns").ClickAsync());

        Assert.Matches(@"^campaigns-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(
            "Campaign,Status,Active calls,Queue depth,Dialing rate (/s),Attempts,Answered,Answer rate,Converted,Conversion rate\r\n" +
            "\"Renewals, 2026\",active,0,\"1,400\",0.00,0,0,—,0,—\r\n" +
            "Winter,paused,0,0,0.00,0,0,—,0,—\r\n",
            csv);
    }

    [Fact]
    public async Task At_phone_width_the_campaign_pages_do_not_scroll_sideways()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await events.PostAsync(CloudEvent("campaign.updated", DateTimeOffset.UtcNow, new { campaignId = "cmp-phone", name = "A campaign with a rather long name", status = "active", queueDepth = 123456 }));
        await events.WaitForAsync("/api/v1/campaigns", j => j.GetProperty("campaigns").GetArrayLength() == 1);

        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 375, Height = 812 } });
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        foreach (var (path, shot) in new[] { ("/campaigns", "campaigns-375.png"), ("/campaigns/cmp-phone", "campaign-375.png") })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), $"{path} scrolls sideways at 375 px");
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", shot), FullPage = true });
        }

        await page.GotoAsync("/campaigns");
        Assert.True(await page.Locator(".table-scroll:has([data-testid=campaigns-table])").EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the campaign table does not scroll in its region");
    }
}

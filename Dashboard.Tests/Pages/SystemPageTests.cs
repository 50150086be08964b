using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Jobs;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>The System page (admin only) against the real server, its jobs and its instruments.</summary>
public sealed partial class SystemPageTests(JobsServer server, BrowserFixture browser) : IClassFixture<JobsServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_sees_node_health_connections_readiness_and_job_lag_that_change()
    {
        var tenant = Tenants.New();
        await PageData.IngestAsync(server, tenant);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant, PageData.AdminScopes);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "System" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/system$"));
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var node = page.GetByTestId("node-table").Locator("tbody tr").First;
        await Expect(node.Locator("th")).ToHaveTextAsync(new Regex(@"^.+:\d+$"));
        // The node's working set is this test process's: past 1 GiB late in a full run, so both binary units are right.
        await Expect(node.Locator("td").Nth(2)).ToHaveTextAsync(new Regex(@"^\d+\.\d (MiB|GiB)$"));
        await Expect(page.GetByTestId("kpi-readiness")).ToHaveTextAsync("healthy");
        await Expect(page.GetByTestId("readiness-table").Locator("tr[data-check=database] td").First).ToHaveTextAsync("healthy");
        // The page's own WebSocket is one of the node's connections.
        await Expect(page.GetByTestId("transport-table").Locator("tr[data-transport=websocket] td").First).ToHaveTextAsync(new Regex("^[1-9]"));
        var job = page.GetByTestId("job-lag-table").Locator("tr[data-job=system_health]");
        await Expect(job.Locator("td").First).ToHaveTextAsync(new Regex(@"^\d+\.\d{3} s$"));
        await Expect(job.Locator("td").First).ToHaveAttributeAsync("data-level", new Regex("ok|warning|critical"));

        // Live: the next samples move the uptime, the run count and the charts on.
        var uptime = await node.Locator("td").Nth(4).TextContentAsync();
        var runs = await job.Locator("td").Nth(2).TextContentAsync();
        await Expect(node.Locator("td").Nth(4)).Not.ToHaveTextAsync(uptime!);
        await Expect(job.Locator("td").Nth(2)).Not.ToHaveTextAsync(runs!);
        await Expect(page.Locator("#resources-chart")).ToHaveAttributeAsync("aria-label", new Regex("CPU .* %"));
        Assert.True(await page.EvaluateAsync<int>("() => window.dashboard.charts.resources.data.labels.length") >= 2);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-job-lag").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("Job,Lag (latest),Mean lag,Runs,Failures,Mean duration\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("\r\nsystem_health,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_user_gets_403_and_no_nav_link()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "System" })).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/system");

        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(page.GetByTestId("forbidden")).ToContainTextAsync("needs the admin scope");
        await Expect(page.GetByTestId("node-table")).ToHaveCountAsync(0);
        // Nor can the data be read around the page.
        var snapshot = await page.APIRequest.GetAsync("/api/v1/snapshots/system");
        Assert.Equal((int)HttpStatusCode.Forbidden, snapshot.Status);
    }
}

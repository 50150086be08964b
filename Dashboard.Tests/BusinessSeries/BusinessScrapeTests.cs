using Dashboard.BusinessSeries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Observability;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.BusinessSeries;

/// <summary>
/// The business gauges are computed once per scrape, and scrapes that arrive during a computation share it; a series
/// that disappears from the snapshots disappears from the next scrape; a computation that hangs holds each scrape for at
/// most the timeout.
/// </summary>
public sealed class BusinessScrapeTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static object Campaigns(params string[] ids) => new
    {
        campaigns = ids.Select(id => new { campaignId = id, activeCalls = 2, queueDepth = 10, dialingRate = 0.5, answerRate = (double?)null, conversionRate = (double?)null }),
        computedAt = DateTime.UtcNow,
    };

    // A new tenant with campaign x (2 active calls) published and seen by a scrape.
    private async Task<(string Tenant, BusinessMetrics Business)> OneCampaignScrapedAsync(HttpClient http, string prefix)
    {
        var tenant = prefix + Tenants.New();
        await server.PublishAsync(tenant, "campaigns", "campaigns_update", Campaigns("x"), isSnapshot: true);
        await UntilAsync(http, f => Exact(f, "dashboard_campaign_active_calls", ("tenant", tenant), ("campaign", "x")) == 2);
        return (tenant, server.Services.GetRequiredService<BusinessMetrics>());
    }

    [Fact]
    public async Task A_scrape_arriving_during_a_computation_joins_it_and_both_get_its_values()
    {
        using var http = server.Http();
        var (tenant, business) = await OneCampaignScrapedAsync(http, "join-");

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var computations = business.Computations;
        var joined = business.Joined;
        // Holds the first scrape's computation open until the second scrape has joined it.
        business.Computing = () =>
        {
            business.Computing = null;
            entered.TrySetResult();
            release.Task.Wait(Deadline);
        };
        try
        {
            var first = http.GetStringAsync("/metrics");
            await entered.Task.WaitAsync(Deadline);
            var second = http.GetStringAsync("/metrics");
            await Poll.UntilAsync(() => Task.FromResult(business.Joined == joined + 1), Deadline, "the second scrape joining the running computation");
            release.SetResult();

            var bodies = await Task.WhenAll(first, second);
            Assert.Equal(computations + 1, business.Computations);
            Assert.All(bodies, body => Assert.Equal(
                2,
                Exact(PrometheusTextParser.Parse(body), "dashboard_campaign_active_calls", ("tenant", tenant), ("campaign", "x"))));
        }
        finally
        {
            business.Computing = null;
            release.TrySetResult();
        }

        // Later scrapes compute again: the join lasts as long as the computation, no longer.
        await ScrapeAsync(http);
        Assert.Equal(computations + 2, business.Computations);
    }

    [Fact]
    public async Task A_hung_computation_delays_scrapes_by_the_timeout_instead_of_hanging_them()
    {
        using var http = server.Http();
        var (tenant, business) = await OneCampaignScrapedAsync(http, "hung-");

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var computations = business.Computations;
        business.ComputationTimeout = TimeSpan.FromSeconds(1);
        business.Computing = () =>
        {
            business.Computing = null;
            release.Task.Wait(Deadline);
        };
        try
        {
            // Both the scrape that started the hung computation and one that joins it answer, with the last values.
            foreach (var _ in new[] { "starts", "joins" })
            {
                var body = await http.GetStringAsync("/metrics").WaitAsync(Deadline);
                Assert.Equal(2, Exact(PrometheusTextParser.Parse(body), "dashboard_campaign_active_calls", ("tenant", tenant), ("campaign", "x")));
            }

            Assert.Equal(computations, business.Computations);
        }
        finally
        {
            business.Computing = null;
            release.TrySetResult();
            business.ComputationTimeout = TimeSpan.FromSeconds(5);
        }

        await Poll.UntilAsync(() => Task.FromResult(business.Computations == computations + 1), Deadline, "the released computation ending");
        await ScrapeAsync(http);
        Assert.Equal(computations + 2, business.Computations);
    }

    [Fact]
    public async Task A_campaign_gone_from_the_snapshot_is_gone_from_the_next_scrape()
    {
        var tenant = "gone-" + Tenants.New();
        await server.PublishAsync(tenant, "campaigns", "campaigns_update", Campaigns("x", "y"), isSnapshot: true);
        using var http = server.Http();
        await UntilAsync(http, f => Exact(f, "dashboard_campaign_queue_depth", ("tenant", tenant), ("campaign", "y")) == 10);

        await server.PublishAsync(tenant, "campaigns", "campaigns_update", Campaigns("x"), isSnapshot: true);
        var after = await UntilAsync(http, f => !f.SelectMany(x => x.Samples).Any(s => s.Has(("tenant", tenant), ("campaign", "y"))));

        Assert.DoesNotContain(after.SelectMany(f => f.Samples), s => s.Has(("tenant", tenant), ("campaign", "y")));
        Assert.Equal(10, Exact(after, "dashboard_campaign_queue_depth", ("tenant", tenant), ("campaign", "x")));
    }
}

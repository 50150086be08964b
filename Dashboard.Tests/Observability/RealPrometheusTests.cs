using System.Diagnostics;
using System.Globalization;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian 2.42, the binary <c>.ci/run</c> installs) on loopback scrapes the server's
/// <c>/metrics</c> every second; its HTTP API must report <c>up</c> 1 and the values the test's events imply. Prometheus
/// 2.42 asks for OpenMetrics first (then text 0.0.4), so this also runs the server's negotiated format through
/// Prometheus's own strict parser: a scrape it cannot parse leaves <c>up</c> at 0 with the error in its targets API.
/// </summary>
public sealed class RealPrometheusTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Prometheus_scrapes_the_server_with_up_1_and_the_values_its_events_imply()
    {
        await using var traffic = await BusyTraffic.StartAsync(server);
        await using var prometheus = await PrometheusProcess.StartAsync($"127.0.0.1:{server.BaseAddress.Port}");
        const string Job = $"job=\"{PrometheusProcess.Job}\"";

        await WaitForAsync(prometheus, $"up{{{Job}}}", 1);
        Assert.StartsWith("up: ", await prometheus.TargetHealthAsync(), StringComparison.Ordinal);

        // This server's own meters started at zero and only this test's traffic ingested events (the simulator is off).
        await WaitForAsync(prometheus, $"sum(dashboard_events_ingested_total{{{Job},result=\"accepted\"}})", BusyTraffic.Accepted);
        await WaitForAsync(prometheus, $"sum(dashboard_events_ingested_total{{{Job},result=\"rejected\"}})", BusyTraffic.Rejected);
        await WaitForAsync(prometheus, $"sum(dashboard_connections{{{Job}}})", 2);

        // The business gauges the traffic's events imply, as the hub's latest snapshots give them.
        await WaitForAsync(prometheus, $"dashboard_queue_calls_waiting{{{Job},tenant=\"{traffic.Tenant}\",queue=\"support\"}}", BusyTraffic.CallsWaiting);
        await WaitForAsync(prometheus, $"dashboard_campaign_active_calls{{{Job},tenant=\"{traffic.Tenant}\",campaign=\"spring\"}}", BusyTraffic.CampaignActiveCalls);
    }

    // Polls an instant query until its single sample equals expected; fails with the last answer, the target's health
    // and Prometheus's log otherwise.
    private static async Task WaitForAsync(PrometheusProcess prometheus, string promql, double expected)
    {
        var started = Stopwatch.StartNew();
        var last = "no result";
        while (started.Elapsed < Deadline)
        {
            var result = await prometheus.QueryAsync(promql);
            if (result.Count == 1 && result[0].Value == expected)
            {
                return;
            }

            last = result.Count == 0
                ? "empty result"
                : string.Join("; ", result.Select(r => r.Value.ToString(CultureInfo.InvariantCulture)));
            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException(
            $"{promql} was not {expected} within {Deadline} (last: {last}); target: {await prometheus.TargetHealthAsync()}\n{prometheus.Output}");
    }
}

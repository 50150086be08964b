using System.Net;
using System.Net.Sockets;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Observability;

/// <summary>A server with <c>Metrics:Port</c> set to a free port, besides the test host's own address.</summary>
public sealed class MetricsPortServer : DashboardServer
{
    public int ManagementPort { get; } = FreePort();

    /// <summary>A client for http://127.0.0.1:<see cref="ManagementPort"/>/.</summary>
    public HttpClient Management() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}/"), Timeout = TimeSpan.FromSeconds(30) };

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Metrics:Port"] = ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Any, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary><c>Metrics:Port</c>: <c>/metrics</c> on the management port only, 404 on the main one.</summary>
public sealed class MetricsPortTests(MetricsPortServer server) : IClassFixture<MetricsPortServer>
{
    [Fact]
    public async Task Metrics_are_served_on_the_management_port_in_either_format()
    {
        using var client = server.Management();
        using var text = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", text.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE process_cpu_seconds_total counter", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", MetricsNegotiationEndpointTests.Prometheus2Accept);
        using var openMetrics = await client.SendAsync(request);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", openMetrics.Content.Headers.ContentType?.ToString());
        Assert.EndsWith("# EOF\n", await openMetrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/METRICS")]
    [InlineData("/metrics/")]
    public async Task The_main_port_answers_metrics_with_a_404_problem(string path)
    {
        using var client = server.Http();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Naming_the_management_port_in_the_host_header_does_not_unlock_the_main_port()
    {
        using var client = server.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = $"127.0.0.1:{server.ManagementPort}";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_management_port_serves_health_probes_but_not_the_application()
    {
        using var management = server.Management();
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/healthz")).StatusCode);
        using var api = await management.GetAsync("/api/v1/queues");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/")).StatusCode);

        using var main = server.Http();
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void The_server_listens_on_the_test_address_and_the_management_port()
    {
        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Assert.Equal(2, addresses.Count);
        Assert.StartsWith("http://127.0.0.1:", addresses.First(), StringComparison.Ordinal);
        Assert.EndsWith($":{server.ManagementPort}", addresses.Last(), StringComparison.Ordinal);
        Assert.NotEqual(server.ManagementPort, server.BaseAddress.Port);
    }
}

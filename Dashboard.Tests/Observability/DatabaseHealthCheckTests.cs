using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Dashboard.Tests.Observability;

public sealed class DatabaseHealthCheckTests
{
    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration(DatabaseHealthCheck.Name, check, HealthStatus.Unhealthy, [ObservabilityExtensions.ReadyTag]) };

    [Fact]
    public async Task Refused_connection_is_unhealthy_not_an_exception()
    {
        // Bind then release a loopback port so nothing listens on it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=x;Password=x;Database=x;Pooling=false");
        var check = new DatabaseHealthCheck(dataSource, TimeProvider.System);

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Silent_server_is_unhealthy_after_the_two_second_timeout()
    {
        // Accepts TCP connections but never speaks PostgreSQL: only the check's own timeout can end the wait.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=x;Password=x;Database=x;Pooling=false;Timeout=30");
        var check = new DatabaseHealthCheck(dataSource, TimeProvider.System);

        var stopwatch = Stopwatch.StartNew();
        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.InRange(stopwatch.Elapsed, DatabaseHealthCheck.Timeout - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        listener.Stop();
    }
}

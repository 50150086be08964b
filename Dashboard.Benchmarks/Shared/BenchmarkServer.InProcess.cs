using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Dashboard.Benchmarks.Shared;

/// <summary>The in-process half of <see cref="BenchmarkServer"/>: the real app on Kestrel, its scheduler in standby.</summary>
internal sealed partial class BenchmarkServer
{
    /// <summary>The base address Kestrel bound (a free loopback port when asked for port 0).</summary>
    public static Uri Address(IServer server) =>
        new(server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");

    private static async Task<BenchmarkServer> StartInProcessAsync(BenchmarkServerOptions options, string signingKey)
    {
        var settings = Settings(options, signingKey);
        var app = new InProcessApp(builder =>
        {
            builder.UseEnvironment("Benchmark");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (options.ConfigureServices is { } configure)
            {
                builder.ConfigureServices(configure);
            }
        });
        try
        {
            app.UseKestrel(options.Port);
            app.StartServer();
            // Standby: no trigger fires any more. A firing already under way when it lands finishes during a scenario's warm-up.
            var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.Standby();
            return new BenchmarkServer(Address(app.Services.GetRequiredService<IServer>()), signingKey, process: null, app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app's own entry point (<see cref="Program"/>) with the benchmark's settings and services.</summary>
    private sealed class InProcessApp(Action<IWebHostBuilder> configure) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => configure(builder);
    }
}

using Dashboard.Auth;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Dashboard.Benchmarks;

/// <summary>
/// The real app on real Kestrel (a free loopback port) for the fan-out scenario, simulator off and recurring jobs
/// paused, with the benchmark trigger (<see cref="FanOutTrigger"/>) added by an <see cref="IStartupFilter"/>: its
/// publishes take the production path (<see cref="RealtimePublisher"/>: backplane batch, NOTIFY, hub, send queues).
/// </summary>
internal sealed class FanOutDashboardHost(string connectionString) : WebApplicationFactory<Program>
{
    public const string Tenant = "bench";

    /// <summary>A catalogue topic without snapshots, so every message is an event (never coalesced).</summary>
    public const string Topic = "activity";

    public const string Type = "bench_event";

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the app (migrations run) on Kestrel and puts its scheduler in standby.</summary>
    public async Task StartAsync()
    {
        UseKestrel(0);
        StartServer();
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        BaseAddress = FanOutServers.Address(Services.GetRequiredService<IServer>());
    }

    /// <summary>A read token for the benchmark tenant.</summary>
    public string Token() => Services.GetRequiredService<TokenService>().Issue(Tenant, "bench-user", Scopes.Read, TimeSpan.FromHours(2));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("ConnectionStrings:Dashboard", connectionString);
        builder.UseSetting("Simulation:Enabled", "false");
        builder.UseSetting("Jobs:SchedulerName", "fanout-" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("Auth:SigningKey", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, TriggerFilter>());
    }

    private sealed class TriggerFilter(RealtimePublisher publisher, ConnectionRegistry registry) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var padding = new string('x', FanOutServers.MessageBytes - HubEnvelope.Write(Type, Topic, 100_000, DateTimeOffset.UtcNow, new FanOutEvent("")).Length);
            FanOutTrigger.Use(app, count =>
            {
                // Queued in call order before any await, as the ingestion and jobs do; answered once all are applied.
                var published = new Task[count];
                for (var i = 0; i < count; i++)
                {
                    published[i] = publisher.PublishAsync(Tenant, Topic, Type, new FanOutEvent(padding), isSnapshot: false);
                }

                return Task.WhenAll(published);
            }, () => registry.Count);
            next(app);
        };
    }
}

/// <summary>The benchmark message's data: padding to make the whole frame about <see cref="FanOutServers.MessageBytes"/>.</summary>
internal sealed record FanOutEvent(string Text);

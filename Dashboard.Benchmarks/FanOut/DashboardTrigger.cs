using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// The fan-out trigger (<see cref="FanOutTrigger"/>) inside the real app, added in front of its pipeline by an
/// <see cref="IStartupFilter"/> when <c>serve dashboard</c> hosts it: its publishes take the production path
/// (<see cref="RealtimePublisher"/>: backplane batch, NOTIFY, hub, send queues).
/// </summary>
internal sealed class DashboardTrigger(RealtimePublisher publisher, ConnectionRegistry registry) : IStartupFilter
{
    public const string Tenant = "bench";

    /// <summary>A catalogue topic without snapshots, so every message is an event (never coalesced).</summary>
    public const string Topic = "activity";

    public const string Type = "bench_event";

    /// <summary>Registers the trigger with the app's services.</summary>
    public static void AddTo(IServiceCollection services) => services.AddTransient<IStartupFilter, DashboardTrigger>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var padding = new string('x', FanOutTrigger.MessageBytes - HubEnvelope.Write(Type, Topic, 100_000, DateTimeOffset.UtcNow, new FanOutEvent("")).Length);
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

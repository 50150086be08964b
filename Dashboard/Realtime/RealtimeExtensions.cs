using Dashboard.Observability;
using Dashboard.Realtime.Backplane;
using Dashboard.Realtime.Sse;
using Dashboard.Realtime.WebSockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Realtime;

/// <summary>Registers the hub and maps <c>/ws</c>, <c>/sse</c> and <c>/api/v1/snapshots/{topic}</c>.</summary>
public static class RealtimeExtensions
{
    /// <summary>
    /// Adds the hub, the PostgreSQL backplane (publisher and listener), options (<c>Realtime:*</c>, validated at start),
    /// the connection registry, the heartbeat sweeper and the history pruner. Call after <c>AddStorage</c>: the listener
    /// needs the migrated database when it starts.
    /// </summary>
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();
        builder.Services.AddSingleton<RealtimeHub>();
        builder.Services.AddSingleton<IPublishedSnapshots>(sp => sp.GetRequiredService<RealtimeHub>());
        builder.Services.AddSingleton<BackplaneStore>();

        // Listener before publisher: hosted services stop in reverse order, so the publisher flushes while this node
        // still applies what it flushed.
        builder.Services.AddSingleton<BackplaneListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BackplaneListener>());
        builder.Services.AddSingleton<PublishGuard>();
        builder.Services.AddSingleton<RealtimePublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RealtimePublisher>());
        builder.Services.AddHealthChecks()
            .AddCheck<BackplaneHealthCheck>(BackplaneHealthCheck.Name, tags: [ObservabilityExtensions.ReadyTag]);
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddHostedService<HeartbeatSweeper>();
        builder.Services.AddHostedService<HistoryPruner>();
        return builder;
    }

    /// <summary>
    /// Branches <c>GET /ws</c> off the pipeline before any other middleware (see <see cref="WebSocketEndpoints"/>: an
    /// upgraded request keeps what every middleware it passed holds). Call first, right after <c>Build()</c>.
    /// </summary>
    public static WebApplication UseRealtimeWebSockets(this WebApplication app)
    {
        app.UseWebSocketEndpoint();
        return app;
    }

    /// <summary>Maps the realtime endpoints (<c>/sse</c>, snapshots); <c>/ws</c> is <see cref="UseRealtimeWebSockets"/>.</summary>
    public static WebApplication MapRealtime(this WebApplication app)
    {
        app.MapSseEndpoint();
        app.MapSnapshotEndpoints();
        return app;
    }
}

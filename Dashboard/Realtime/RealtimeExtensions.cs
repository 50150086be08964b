namespace Dashboard.Realtime;

/// <summary>Registers the hub and maps <c>/ws</c>, <c>/sse</c> and <c>/api/v1/snapshots/{topic}</c>.</summary>
public static class RealtimeExtensions
{
    /// <summary>Adds the hub, options and connection services.</summary>
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RealtimeHub>();
        return builder;
    }

    /// <summary>Maps the realtime endpoints.</summary>
    public static WebApplication MapRealtime(this WebApplication app) => app;
}

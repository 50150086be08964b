namespace Dashboard.Chat;

/// <summary>
/// Registers and maps the chat and support feature (docs/metrics.md §6): its calculator and publisher (run by the tick)
/// and <c>/api/v1/chat</c>. Its fold rules (<c>ChatFold</c>) run inside the event fold.
/// </summary>
public static class ChatExtensions
{
    /// <summary>Adds the chat calculator, publisher and session reader (list caps: <c>Payloads:*</c>, registered by <c>AddPublishing</c>).</summary>
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatMetricsCalculator>();
        builder.Services.AddSingleton<ChatMetricsPublisher>();
        builder.Services.AddSingleton<ChatSessionsReader>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/chat</c>, <c>/chat/agents</c> and <c>/chat/sessions</c> (docs/api.md).</summary>
    public static WebApplication MapChat(this WebApplication app)
    {
        ChatEndpoints.Map(app);
        return app;
    }
}

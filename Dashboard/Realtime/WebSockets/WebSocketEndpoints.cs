using Dashboard.Auth;
using Dashboard.Observability;
using Microsoft.Extensions.Options;

namespace Dashboard.Realtime.WebSockets;

/// <summary><c>GET /ws</c>: the Origin check (before the upgrade) and the hand-over to <see cref="WebSocketConnection"/>.</summary>
internal static class WebSocketEndpoints
{
    public static void MapWebSocketEndpoint(this WebApplication app)
    {
        // Protocol-level keep-alive is off: the application heartbeat (ping/pong, close 4002) replaces it.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/ws", HandleAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        RealtimeHub hub,
        TokenService tokens,
        ConnectionRegistry registry,
        IOptions<RealtimeOptions> options,
        TimeProvider time,
        DashboardMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket upgrade required", detail: "GET /ws expects an RFC 6455 upgrade request.");
        }

        if (!OriginAllowed(context.Request, options.Value.AllowedOrigins))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed", detail: "Add the origin to Realtime:AllowedOrigins.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new WebSocketConnection(socket, hub, tokens, options.Value, time, metrics, loggerFactory.CreateLogger<WebSocketConnection>());
        await connection.RunAsync(registry);
        return TypedResults.Empty;
    }

    /// <summary>
    /// RFC 6455 §10.2: browsers send <c>Origin</c>; a page from another origin must not ride on a user's network position.
    /// No header (non-browser clients) passes; otherwise it must be listed, or equal the request's own origin when the list is empty.
    /// </summary>
    internal static bool OriginAllowed(HttpRequest request, string[] allowed)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        if (allowed.Length > 0)
        {
            return allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var u) && SameOrigin(u, originUri));
        }

        return Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var self) && SameOrigin(self, originUri);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}

using Dashboard.Auth;
using Dashboard.Observability;
using Microsoft.Extensions.Options;

namespace Dashboard.Realtime.WebSockets;

/// <summary><c>GET /ws</c>: the Origin check (before the upgrade) and the hand-over to <see cref="WebSocketConnection"/>.</summary>
/// <remarks>
/// <c>/ws</c> is a branch at the very start of the pipeline, not a routed endpoint: an upgraded request stays in the
/// pipeline for the connection's whole life, and every middleware it passed keeps its state until then (the
/// authentication handlers and their request scope, the exception and status-code-page handlers, the HTTP metrics, the
/// endpoint's request delegate: about 2.5 KB per idle connection, measured with dotnet-gcdump, docs/limits.md).
/// None of them does anything for <c>/ws</c>: the token comes in the <c>auth</c> message and errors are close codes.
/// </remarks>
internal static class WebSocketEndpoints
{
    /// <summary>Branches <c>/ws</c> (and <c>/ws/</c>, any case, as routing matched it) off the pipeline; call first.</summary>
    public static void UseWebSocketEndpoint(this WebApplication app)
    {
        // The services are singletons, resolved once: a request scope per connection would be kept for its whole life.
        var services = app.Services;
        var handler = new Handler(
            services.GetRequiredService<RealtimeHub>(),
            services.GetRequiredService<TokenService>(),
            services.GetRequiredService<ConnectionRegistry>(),
            services.GetRequiredService<IOptions<RealtimeOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<DashboardMetrics>(),
            services.GetRequiredService<ILogger<WebSocketConnection>>());
        app.MapWhen(IsWebSocketPath, branch =>
        {
            // Before UseWebSockets reads them: the upgrade features hand the accepted stream to the connection too.
            branch.Use(static (context, next) =>
            {
                UpgradeCapture.Install(context);
                return next(context);
            });

            // Protocol-level keep-alive is off: the application heartbeat (ping/pong, close 4002) replaces it.
            branch.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
            branch.Run(handler.HandleAsync);
        });
    }

    private static bool IsWebSocketPath(HttpContext context) =>
        context.Request.Path.Value is { } path && (path.Equals("/ws", StringComparison.OrdinalIgnoreCase) || path.Equals("/ws/", StringComparison.OrdinalIgnoreCase));

    private sealed class Handler(
        RealtimeHub hub, TokenService tokens, ConnectionRegistry registry, IOptions<RealtimeOptions> options, TimeProvider time, DashboardMetrics metrics, ILogger<WebSocketConnection> logger)
    {
        public async Task HandleAsync(HttpContext context)
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket upgrade required", detail: "GET /ws expects an RFC 6455 upgrade request.")
                    .ExecuteAsync(context);
                return;
            }

            if (!OriginAllowed(context.Request, options.Value.AllowedOrigins))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed", detail: "Add the origin to Realtime:AllowedOrigins.")
                    .ExecuteAsync(context);
                return;
            }

            // Checked before the 101, so a host whose upgrade bypasses the capture fails the request rather than a socket.
            var capture = context.Features.Get<UpgradeCapture>()
                ?? throw new InvalidOperationException("No UpgradeCapture on the request: install it before UseWebSockets.");
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var transport = capture.Stream
                ?? throw new InvalidOperationException("The WebSocket was accepted on a stream UpgradeCapture did not see.");
            var connection = new WebSocketConnection(socket, transport, hub, tokens, options.Value, time, metrics, logger);
            await connection.RunAsync(registry);
        }
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

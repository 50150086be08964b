namespace Dashboard.Realtime;

/// <summary>A live client connection, as the registry and the heartbeat sweeper see it.</summary>
internal interface IRealtimeConnection
{
    /// <summary>Unique id (also sent to WebSocket clients in <c>auth_success</c>).</summary>
    string Id { get; }

    /// <summary>
    /// Called about once a second by the shared sweeper: auth timeout, pings and pong timeout, token expiry.
    /// Must not block: it only queues messages or requests a close.
    /// </summary>
    void Sweep(DateTimeOffset now);

    /// <summary>Server shutdown: close with 1001 (WebSocket) or end the stream (SSE).</summary>
    void Shutdown();
}

namespace Dashboard.Realtime;

/// <summary>Realtime transport settings (configuration section <c>Realtime</c>; docs/protocol.md §3–§4).</summary>
public sealed class RealtimeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Realtime";

    /// <summary>Origins allowed to open <c>/ws</c> (e.g. <c>https://ops.example.com</c>); empty means same origin only.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Seconds a new connection has to send <c>auth</c> before close 4001. Default 5.</summary>
    public int AuthTimeoutSeconds { get; set; } = 5;

    /// <summary>Seconds between server <c>ping</c>s. Default 30.</summary>
    public int HeartbeatSeconds { get; set; } = 30;

    /// <summary>Seconds the client has to answer a <c>ping</c> before close 4002. Default 10.</summary>
    public int PongTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds before <c>exp</c> at which <c>token_expiring</c> is sent. Default 60.</summary>
    public int TokenExpiryWarningSeconds { get; set; } = 60;

    /// <summary>Largest inbound message in bytes; larger closes with 1009. Default 64 KiB.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest message the server publishes (envelope bytes); a larger one is not published, counted in
    /// <c>dashboard_realtime_messages_rejected_total{reason="too_large"}</c> and its stream backs off
    /// (docs/limits.md). 4 KiB–64 MiB and at most <see cref="SendQueueBytes"/>; default 1 MiB.
    /// </summary>
    public int MaxPublishBytes { get; set; } = 1024 * 1024;

    /// <summary>Inbound messages per second before <c>rate_limited</c>; sustained excess closes with 4008. Default 20.</summary>
    public int MaxMessagesPerSecond { get; set; } = 20;

    /// <summary>Topics one connection may subscribe to. Default 100.</summary>
    public int MaxSubscriptions { get; set; } = 100;

    /// <summary>Messages a connection's send queue may hold before it is closed as a slow consumer (4008). Default 1024.</summary>
    public int SendQueueMessages { get; set; } = 1024;

    /// <summary>Bytes a connection's send queue may hold before it is closed as a slow consumer (4008). Default 4 MiB.</summary>
    public int SendQueueBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Messages kept per (tenant, topic) stream for resume with <c>since</c>/<c>Last-Event-ID</c>. Default 1000.</summary>
    public int HistorySize { get; set; } = 1000;

    /// <summary>
    /// How long a message stays in its stream's history for resume; an older gap gets <c>resync</c> and the snapshot.
    /// Default 10 minutes (configuration: <c>"00:10:00"</c>).
    /// </summary>
    public TimeSpan HistoryTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Seconds between SSE <c>: ping</c> comments. Default 15.</summary>
    public int SseHeartbeatSeconds { get; set; } = 15;

    /// <summary>Size of the comment that opens an SSE stream, defeating proxies that buffer small responses. Default 2048.</summary>
    public int SsePaddingBytes { get; set; } = 2048;

    /// <summary>Seconds a closing handshake may take before the socket is aborted. Default 5.</summary>
    public int CloseTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Connections that must have left (from the node's peak, and at least half of it) before the node compacts its heap
    /// and gives the memory back (<see cref="IdleMemoryTrimmer"/>, docs/limits.md); at most once a minute. 0 turns it off.
    /// Default 1000.
    /// </summary>
    public int TrimMemoryAfterDisconnects { get; set; } = 1000;
}

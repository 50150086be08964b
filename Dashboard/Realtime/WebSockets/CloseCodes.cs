namespace Dashboard.Realtime.WebSockets;

/// <summary>
/// WebSocket close codes of docs/protocol.md §3: 1001/1003/1009 are RFC 6455 §7.4.1 codes; 4000–4999 are reserved by
/// RFC 6455 §7.4.2 for private use, and these meanings are the protocol's own.
/// </summary>
public static class CloseCodes
{
    /// <summary>Server going away (shutdown), RFC 6455 §7.4.1.</summary>
    public const int GoingAway = 1001;

    /// <summary>Binary frame received: unsupported data, RFC 6455 §7.4.1.</summary>
    public const int UnsupportedData = 1003;

    /// <summary>Message larger than <c>Realtime:MaxMessageBytes</c>, RFC 6455 §7.4.1.</summary>
    public const int MessageTooBig = 1009;

    /// <summary>Malformed message: not JSON, or no <c>type</c>.</summary>
    public const int Malformed = 4000;

    /// <summary>Not authenticated in time, or first message not <c>auth</c>.</summary>
    public const int Unauthenticated = 4001;

    /// <summary>Heartbeat timeout: no <c>pong</c>.</summary>
    public const int HeartbeatTimeout = 4002;

    /// <summary>Invalid token.</summary>
    public const int InvalidToken = 4003;

    /// <summary>Token expired without refresh.</summary>
    public const int TokenExpired = 4004;

    /// <summary>Policy: inbound rate limit exceeded or slow consumer.</summary>
    public const int Policy = 4008;
}

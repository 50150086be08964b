namespace Dashboard.Benchmarks.FanOut;

/// <summary>The wire protocol a fan-out load client speaks.</summary>
internal enum FanOutProtocol
{
    /// <summary>One JSON text frame per message (the bare broadcaster).</summary>
    Bare,

    /// <summary>SignalR's JSON hub protocol over a WebSocket (no negotiate), records ending in 0x1E.</summary>
    SignalR,

    /// <summary>The Dashboard's protocol: auth, subscribe, answer pings.</summary>
    Dashboard,
}

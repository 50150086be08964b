using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Realtime;

/// <summary>A server whose protocol timeouts are short enough to observe in a test (the sweeper ticks every second).</summary>
public sealed class FastTimeoutServer() : ConfiguredServer(new()
{
    ["Realtime:AuthTimeoutSeconds"] = "1",
    ["Realtime:HeartbeatSeconds"] = "1",
    ["Realtime:PongTimeoutSeconds"] = "1",
    ["Realtime:TokenExpiryWarningSeconds"] = "60",
    ["Realtime:MaxMessageBytes"] = "1024",
    ["Realtime:MaxSubscriptions"] = "3",
    ["Realtime:SseHeartbeatSeconds"] = "1",
});

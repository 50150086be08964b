using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Realtime;

/// <summary>A server whose protocol timeouts are short enough to observe in a test (the sweeper ticks every second).</summary>
public sealed class FastTimeoutServer : DashboardServer
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Realtime:AuthTimeoutSeconds"] = "1";
        settings["Realtime:HeartbeatSeconds"] = "1";
        settings["Realtime:PongTimeoutSeconds"] = "1";
        settings["Realtime:TokenExpiryWarningSeconds"] = "60";
        settings["Realtime:MaxMessageBytes"] = "1024";
        settings["Realtime:MaxSubscriptions"] = "3";
        settings["Realtime:SseHeartbeatSeconds"] = "1";
        return settings;
    }
}

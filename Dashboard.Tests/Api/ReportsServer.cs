using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Api;

/// <summary>The real app with the call statistics job every second, so a test waits for it no longer than for the 1 s tick.</summary>
public sealed class ReportsServer : DashboardServer
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Jobs:StatsIntervalSeconds"] = "1";
        return settings;
    }
}

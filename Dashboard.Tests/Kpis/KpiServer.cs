using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Kpis;

/// <summary>The real app with one tenant in Asia/Kolkata (+05:30) and a configured unit for <c>leads</c>.</summary>
public sealed class KpiServer : DashboardServer
{
    /// <summary>The tenant whose business day and local hours are in Asia/Kolkata.</summary>
    public const string KolkataTenant = "kpi-kolkata";

    /// <inheritdoc />
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings[$"Tenants:{KolkataTenant}:TimeZone"] = "Asia/Kolkata";
        settings["Kpis:Units:leads"] = "leads";
        return settings;
    }
}

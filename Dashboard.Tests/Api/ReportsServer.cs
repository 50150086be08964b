using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Api;

/// <summary>The real app with the call statistics job every second, so a test waits for it no longer than for the 1 s tick.</summary>
public sealed class ReportsServer() : ConfiguredServer(new()
{
    ["Jobs:StatsIntervalSeconds"] = "1",
});

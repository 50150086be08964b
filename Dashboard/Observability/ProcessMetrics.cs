using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// Cheap process instruments, read only when scraped: <c>process_cpu_seconds_total</c> (user + system CPU time, as the
/// Prometheus client libraries define it), <c>process_working_set_bytes</c> and <c>dotnet_total_memory_bytes</c>
/// (<see cref="GC.GetTotalMemory(bool)"/> without forcing a collection).
/// </summary>
internal sealed class ProcessMetrics
{
    /// <summary>Creates the observable instruments on the host's <c>Dashboard</c> meter.</summary>
    public ProcessMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DashboardMetrics.MeterName);
        meter.CreateObservableCounter(
            "process_cpu_seconds",
            static () => Environment.CpuUsage.TotalTime.TotalSeconds,
            unit: "s",
            description: "Total user and system CPU time spent in seconds.");
        meter.CreateObservableGauge(
            "process_working_set",
            static () => Environment.WorkingSet,
            unit: "By",
            description: "Process working set.");
        meter.CreateObservableGauge(
            "dotnet_total_memory",
            static () => GC.GetTotalMemory(forceFullCollection: false),
            unit: "By",
            description: "Total known allocated memory of the managed heap.");
    }
}

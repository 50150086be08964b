using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// Cheap process instruments, read only when scraped, named as the Prometheus client libraries' process collector (and
/// prometheus-net's) name them: <c>process_cpu_seconds_total</c> (user + system CPU time),
/// <c>process_working_set_bytes</c>, <c>process_private_memory_bytes</c>, <c>process_virtual_memory_bytes</c>,
/// <c>process_num_threads</c>, <c>process_open_handles</c>, <c>process_start_time_seconds</c> (Unix time) and
/// <c>dotnet_total_memory_bytes</c> (<see cref="GC.GetTotalMemory(bool)"/> without forcing a collection), and the gauges
/// <c>dotnet_thread_pool_threads</c> and <c>dotnet_thread_pool_queue_length</c>. The other GC, thread pool and JIT
/// families come from the runtime's <c>System.Runtime</c> meter (<see cref="DashboardMeterProvider"/>).
/// </summary>
internal sealed class ProcessMetrics
{
    // How long one read of /proc serves the gauges below: the four of one collection, not a later scrape.
    private static readonly TimeSpan ProcessReadMaxAge = TimeSpan.FromSeconds(1);

    private static readonly double StartTimeSeconds = ReadStartTime();

    private readonly Lock _gate = new();
    private Process? _process;
    private long _processReadAt;

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
            "process_private_memory",
            () => Read(static p => p.PrivateMemorySize64),
            unit: "By",
            description: "Process private memory size.");
        meter.CreateObservableGauge(
            "process_virtual_memory",
            () => Read(static p => p.VirtualMemorySize64),
            unit: "By",
            description: "Virtual memory size in bytes.");
        meter.CreateObservableGauge(
            "process_num_threads",
            () => Read(static p => p.Threads.Count),
            description: "Total number of threads.");
        meter.CreateObservableGauge(
            "process_open_handles",
            () => Read(static p => p.HandleCount),
            description: "Number of open handles (file descriptors on Linux).");
        meter.CreateObservableGauge(
            "process_start_time",
            static () => StartTimeSeconds,
            unit: "s",
            description: "Start time of the process since unix epoch in seconds.");
        // The semantic-convention names and meaning of System.Runtime's instruments, as gauges (see DashboardMeterProvider).
        meter.CreateObservableUpDownCounter(
            "dotnet.thread_pool.thread.count",
            static () => (long)ThreadPool.ThreadCount,
            unit: "{thread}",
            description: "The number of thread pool threads that currently exist.");
        meter.CreateObservableUpDownCounter(
            "dotnet.thread_pool.queue.length",
            static () => ThreadPool.PendingWorkItemCount,
            unit: "{work_item}",
            description: "The number of work items that are currently queued to be processed by the thread pool.");
        meter.CreateObservableGauge(
            "dotnet_total_memory",
            static () => GC.GetTotalMemory(forceFullCollection: false),
            unit: "By",
            description: "Total known allocated memory of the managed heap.");
    }

    // A Process instance reads /proc (stat, status, every thread's stat, the fd directory) on its first property read and
    // keeps the values: one instance per collection serves all four gauges instead of four full reads (milliseconds each).
    private long Read(Func<Process, long> value)
    {
        lock (_gate)
        {
            if (_process is null || Stopwatch.GetElapsedTime(_processReadAt) > ProcessReadMaxAge)
            {
                _process?.Dispose();
                _process = Process.GetCurrentProcess();
                _processReadAt = Stopwatch.GetTimestamp();
            }

            return value(_process);
        }
    }

    private static double ReadStartTime()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }
}

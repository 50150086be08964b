using Dashboard.Observability;

namespace Dashboard.Jobs;

/// <summary>What every <see cref="RecordedJob"/> needs besides its own work: the instruments, the clock and the loggers.</summary>
/// <param name="Metrics">The server's instruments (<c>dashboard_job_*</c> and a job's own counters).</param>
/// <param name="Time">The clock the run is timed with.</param>
/// <param name="Loggers">Creates each job's logger in its own category.</param>
internal sealed record JobServices(DashboardMetrics Metrics, TimeProvider Time, ILoggerFactory Loggers);

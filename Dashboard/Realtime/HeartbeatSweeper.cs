using Microsoft.Extensions.Options;

namespace Dashboard.Realtime;

/// <summary>
/// One timer for every connection's timeouts instead of a timer per connection: at 50,000 idle connections a timer each
/// would cost memory and wake-ups; one sweep a second costs a loop. Also closes every connection when the host stops.
/// </summary>
internal sealed partial class HeartbeatSweeper(
    ConnectionRegistry registry, TimeProvider time, IHostApplicationLifetime lifetime, IOptions<RealtimeOptions> options, ILogger<HeartbeatSweeper> logger) : BackgroundService
{
    private readonly IdleMemoryTrimmer _trimmer = new(options.Value.TrimMemoryAfterDisconnects);

    /// <summary>Sweep period; timeouts therefore fire up to this much late.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // ApplicationStopping fires before Kestrel drains requests, so clients get 1001 rather than a reset.
        using var onStopping = lifetime.ApplicationStopping.Register(registry.ShutdownAll);
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                foreach (var (connection, error) in registry.SweepAll(now))
                {
                    LogSweepFailed(error, connection.Id);
                    connection.Shutdown();
                }

                var connections = registry.Count;
                if (_trimmer.Observe(connections, now))
                {
                    var before = GC.GetTotalMemory(forceFullCollection: false);
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    LogTrimmed(connections, before / 1024 / 1024, GC.GetTotalMemory(forceFullCollection: false) / 1024 / 1024);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connections fell to {Connections}: heap compacted and returned, {BeforeMiB} MiB -> {AfterMiB} MiB")]
    private partial void LogTrimmed(int connections, long beforeMiB, long afterMiB);

    [LoggerMessage(Level = LogLevel.Error, Message = "Heartbeat sweep failed for connection {ConnectionId}; closing it")]
    private partial void LogSweepFailed(Exception error, string connectionId);
}

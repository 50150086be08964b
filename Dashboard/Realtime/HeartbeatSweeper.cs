namespace Dashboard.Realtime;

/// <summary>
/// One timer for every connection's timeouts instead of a timer per connection: at 50,000 idle connections a timer each
/// would cost memory and wake-ups; one sweep a second costs a loop. Also closes every connection when the host stops.
/// </summary>
internal sealed partial class HeartbeatSweeper(ConnectionRegistry registry, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<HeartbeatSweeper> logger) : BackgroundService
{
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
                foreach (var (connection, error) in registry.SweepAll(time.GetUtcNow()))
                {
                    LogSweepFailed(error, connection.Id);
                    connection.Shutdown();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Heartbeat sweep failed for connection {ConnectionId}; closing it")]
    private partial void LogSweepFailed(Exception error, string connectionId);
}

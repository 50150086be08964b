using System.Collections.Concurrent;

namespace Dashboard.Realtime;

/// <summary>A live client connection, as the registry and the heartbeat sweeper see it.</summary>
internal interface IRealtimeConnection
{
    /// <summary>Unique id (also sent to WebSocket clients in <c>auth_success</c>).</summary>
    string Id { get; }

    /// <summary>
    /// Called about once a second by the shared sweeper: auth timeout, pings and pong timeout, token expiry.
    /// Must not block: it only queues messages or requests a close.
    /// </summary>
    void Sweep(DateTimeOffset now);

    /// <summary>Server shutdown: close with 1001 (WebSocket) or end the stream (SSE).</summary>
    void Shutdown();
}

/// <summary>Every open connection of this node, for the heartbeat sweep and for closing all of them on shutdown.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, IRealtimeConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public void Add(IRealtimeConnection connection) => _connections[connection.Id] = connection;

    public void Remove(IRealtimeConnection connection) => _connections.TryRemove(connection.Id, out _);

    /// <summary>Sweeps every connection; returns those whose sweep threw (the others are still swept).</summary>
    public List<(IRealtimeConnection Connection, Exception Error)> SweepAll(DateTimeOffset now)
    {
        List<(IRealtimeConnection, Exception)>? failures = null;
        foreach (var connection in _connections.Values)
        {
            try
            {
                connection.Sweep(now);
            }
            catch (Exception ex)
            {
                // One broken connection must not stop heartbeats and expiry for every other one.
                (failures ??= []).Add((connection, ex));
            }
        }

        return failures ?? [];
    }

    public void ShutdownAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Shutdown();
        }
    }
}

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

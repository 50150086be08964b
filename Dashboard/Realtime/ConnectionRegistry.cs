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

    public void SweepAll(DateTimeOffset now)
    {
        foreach (var connection in _connections.Values)
        {
            connection.Sweep(now);
        }
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
internal sealed class HeartbeatSweeper(ConnectionRegistry registry, TimeProvider time, IHostApplicationLifetime lifetime) : BackgroundService
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
                registry.SweepAll(time.GetUtcNow());
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }
}

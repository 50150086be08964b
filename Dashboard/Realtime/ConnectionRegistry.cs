using System.Collections.Concurrent;

namespace Dashboard.Realtime;

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

using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>The SignalR hub: no methods; it counts connections so the parent knows when every subscriber is in.</summary>
internal sealed class BenchHub : Hub
{
    public static int Connected;

    // Called after the lifetime manager added the connection: from here on Clients.All reaches it.
    public override Task OnConnectedAsync()
    {
        Interlocked.Increment(ref Connected);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        Interlocked.Decrement(ref Connected);
        return Task.CompletedTask;
    }
}

namespace Dashboard.Benchmarks.Latency;

/// <summary>The <c>latency</c> scenario's knobs.</summary>
/// <param name="Clients">WebSocket clients, and as many SSE clients.</param>
/// <param name="Rate">Events per second the producer sends.</param>
/// <param name="Seconds">Measured seconds, after <paramref name="WarmUpSeconds"/> of the same load that is not timed.</param>
/// <param name="Batch">Events per POST: 1 is a real producer (one request per event); 10 sends one every 10 ms.</param>
internal sealed record LatencyOptions(int Clients = 1000, int Rate = 1000, int Seconds = 20, int WarmUpSeconds = 5, int Batch = 1)
{
    /// <summary>Seconds allowed after the last POST for the last deliveries to arrive.</summary>
    public int DrainSeconds { get; init; } = 10;
}

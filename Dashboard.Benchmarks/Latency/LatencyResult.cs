using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Latency;

/// <summary>The <c>latency</c> scenario's figures.</summary>
internal sealed record LatencyResult(
    LatencyOptions Options,
    long EventsAccepted,
    long PostsFailed,
    double ProducerRate,
    int MaxInFlight,
    LatencyFigures All,
    LatencyFigures WebSocket,
    LatencyFigures Sse,
    LatencyFigures Ack,
    long MissingDeliveries,
    IReadOnlyList<string> ClientsEnded,
    CpuFigures Cpu,
    StageMeans Stages);

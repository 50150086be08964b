using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Ingest;

/// <summary>One batch size's figures.</summary>
/// <param name="EventsPerSecond">Events acknowledged (202, after commit) by POSTs that completed inside the window, per second.</param>
/// <param name="Ack">POST → 202 of the window's POSTs.</param>
/// <param name="Stored">Rows in the <c>events</c> table after the run, against <paramref name="Acknowledged"/>, every 202 of the run.</param>
internal sealed record IngestResult(
    int Batch, int Producers, double Seconds, long Posts, long Failed, double EventsPerSecond, LatencyFigures Ack,
    long Acknowledged, long Stored, CpuFigures Cpu, StageMeans Stages);

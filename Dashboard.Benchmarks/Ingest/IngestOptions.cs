namespace Dashboard.Benchmarks.Ingest;

/// <summary>The <c>ingest</c> scenario's knobs.</summary>
/// <param name="Batches">Events per POST, one measured row each.</param>
/// <param name="Producers">Concurrent producers, each a loop of POSTs on its own connection (and its own tenant).</param>
/// <param name="Seconds">Measured seconds per batch size, after <paramref name="WarmUpSeconds"/> not counted.</param>
internal sealed record IngestOptions(IReadOnlyList<int> Batches, int Producers = 4, int Seconds = 15, int WarmUpSeconds = 3);

namespace Dashboard.Benchmarks.Backplane;

/// <summary>The <c>backplane</c> scenario's knobs.</summary>
/// <param name="Nodes">Node counts, one curve each (every node a child process on the same database).</param>
/// <param name="Rates">Offered messages per second (all nodes together), in increasing order; a curve stops after the first point that falls behind.</param>
/// <param name="Seconds">Measured seconds per point, after <paramref name="WarmUpSeconds"/> of the same load.</param>
/// <param name="Tenants">Streams the messages are spread over (tenants <c>bp-000</c>…, topic <c>activity</c>), round-robin.</param>
/// <param name="IngestBatches">Batch sizes of the ingest ceiling (the <c>ingest</c> scenario); empty: not measured.</param>
/// <param name="IngestProducers">Producers of the ingest ceiling.</param>
/// <param name="IngestSeconds">Measured seconds per ingest batch size.</param>
internal sealed record BackplaneOptions(
    IReadOnlyList<int> Nodes,
    IReadOnlyList<int> Rates,
    int Seconds = 10,
    int WarmUpSeconds = 3,
    int Tenants = 20,
    IReadOnlyList<int>? IngestBatches = null,
    int IngestProducers = 4,
    int IngestSeconds = 10)
{
    /// <summary>Configuration keys or runtime variables for every node and the ingest server (<c>--server-env</c>).</summary>
    public IReadOnlyDictionary<string, string>? ServerSettings { get; init; }

    /// <summary>Most seconds after a point's load stops for every node to apply everything published.</summary>
    public int DrainSeconds { get; init; } = 30;

    /// <summary>Delivered to every node at less than this share of the offered rate: the backplane fell behind.</summary>
    public const double KeptUpShare = 0.95;
}

/// <summary>One node's figures over a point's window (from its <c>/bench/backplane/stats</c>).</summary>
/// <param name="Applied">Benchmark messages this node's hub applied in the window.</param>
/// <param name="P50">Publish → applied on this node, milliseconds.</param>
internal sealed record NodeWindow(long Applied, double P50, double P99, double P999, double Max, double CpuCores);

/// <summary>One point of a curve: a node count at one offered rate.</summary>
/// <param name="Offered">Messages per second the driver asked the nodes to publish during the window.</param>
/// <param name="Published">Messages per second whose publish completed (committed and applied on the publishing node) during the window.</param>
/// <param name="Failed">Publishes refused or failed during the whole point.</param>
/// <param name="DrainSeconds">Seconds after the load stopped until every node had applied everything; null: not within the bound.</param>
internal sealed record BackplanePoint(
    int Nodes, int Rate, double Seconds, double Offered, double Published, long Failed, IReadOnlyList<NodeWindow> PerNode,
    double DatabaseCores, double DriverCores, double MachineCores, double? DrainSeconds, long Resyncs)
{
    /// <summary>Messages per second every node applied: the slowest node's.</summary>
    public double DeliveredToEvery => PerNode.Count == 0 ? 0 : PerNode.Min(n => n.Applied) / Seconds;

    /// <summary>Every node applied at least <see cref="BackplaneOptions.KeptUpShare"/> of the offered rate, nothing failed, and the backlog drained.</summary>
    public bool KeptUp => DeliveredToEvery >= BackplaneOptions.KeptUpShare * Offered && Failed == 0 && DrainSeconds is not null;
}

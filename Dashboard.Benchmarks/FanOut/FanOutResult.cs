namespace Dashboard.Benchmarks.FanOut;

/// <summary>One server's figures at one subscriber count.</summary>
internal sealed record FanOutResult(
    string Server, int Subscribers, double Seconds, long Published, long Delivered, TimeSpan ServerCpu, TimeSpan ClientCpu,
    long Bytes, long ResidentBytes, long MinReceived, int Closed, TimeSpan Connect, FanOutStats Runtime, TimeSpan DatabaseCpu, TimeSpan MachineCpu)
{
    /// <summary>CPU seconds per second the whole machine was busy, other processes included.</summary>
    public double MachineCpuPerSecond => MachineCpu.TotalSeconds / Seconds;

    public double DatabaseCpuPerSecond => DatabaseCpu.TotalSeconds / Seconds;

    /// <summary>CPU seconds per second of everything the run uses: server, load client and database.</summary>
    public double TotalCpuPerSecond => ServerCpuPerSecond + ClientCpuPerSecond + DatabaseCpuPerSecond;

    /// <summary>Bytes the server allocated per message delivered (to one subscriber).</summary>
    public double AllocatedPerMessage => Delivered > 0 ? Runtime.AllocatedBytes / (double)Delivered : 0;

    /// <summary>Thread-pool work items the server ran per message delivered.</summary>
    public double WorkItemsPerMessage => Delivered > 0 ? Runtime.WorkItems / (double)Delivered : 0;

    public double DeliveredPerSecond => Delivered / Seconds;

    public double ServerCpuPerSecond => ServerCpu.TotalSeconds / Seconds;

    public double ClientCpuPerSecond => ClientCpu.TotalSeconds / Seconds;

    public double DeliveredPerCpuSecond => ServerCpu > TimeSpan.Zero ? Delivered / ServerCpu.TotalSeconds : 0;

    public double BytesPerMessage => Delivered > 0 ? Bytes / (double)Delivered : 0;
}

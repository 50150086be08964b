namespace Dashboard.Benchmarks.Scrape;

/// <summary>One server build, one format: scrape latency (ms), response size and server CPU per scrape.</summary>
internal sealed record ScrapeResult(
    string Server,
    int Round,
    string Format,
    int BusinessSeries,
    int Samples,
    long Bytes,
    double SequentialP50,
    double SequentialP99,
    double SequentialCpuMs,
    double ConcurrentP50,
    double ConcurrentP99,
    double ConcurrentCpuMs);

using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Soak;

/// <summary>
/// One reading of the server process and the clients, <see cref="Elapsed"/> after the load started. Latency and message
/// figures cover the interval since the previous sample; <see cref="HeapAfterGc"/> is the sum of
/// <c>system_runtime_dotnet_gc_last_collection_heap_size</c> over its generations (the heap the last GC left), read from the
/// server's own <c>/metrics</c>; RSS, handles (open descriptors) and threads from <c>/proc/&lt;pid&gt;</c>.
/// </summary>
internal sealed record SoakSample(
    TimeSpan Elapsed, long RssBytes, long HeapAfterGc, long HeapInUse, int Handles, int Threads, int Connected,
    double MessagesPerSecond, double MebibytesPerSecond, LatencyFigures Latency, double ServerCores, long Gen2Collections,
    long DatabaseBytes, double LoadAverage);

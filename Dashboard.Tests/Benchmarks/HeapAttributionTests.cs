using Dashboard.Benchmarks.Connections;

namespace Dashboard.Tests.Benchmarks;

/// <summary>The connections benchmark's reading of <c>dotnet-gcdump report</c> (size × count rows, buckets summed).</summary>
public sealed class HeapAttributionTests
{
    private const string Before = """
              7,374,122  GC Heap bytes
                 87,548  GC Heap objects

           Object Bytes     Count  Type
                  8,216         2  System.Byte[] (Bytes > 1K)  [System.Private.CoreLib.dll]
                     64        10  System.Byte[]  [System.Private.CoreLib.dll]
                    224         1  Dashboard.Realtime.WebSockets.WebSocketConnection  [Dashboard.dll]
        """;

    private const string After = """
             45,300,674  GC Heap bytes
                499,909  GC Heap objects

           Object Bytes     Count  Type
                  8,216        12  System.Byte[] (Bytes > 1K)  [System.Private.CoreLib.dll]
                     64        30  System.Byte[]  [System.Private.CoreLib.dll]
                    224        11  Dashboard.Realtime.WebSockets.WebSocketConnection  [Dashboard.dll]
                    840        10  Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.Http1Connection<Context>  [Microsoft.AspNetCore.Server.Kestrel.Core.dll]
        """;

    [Fact]
    public void Rows_are_size_times_count_with_buckets_summed_and_the_header_skipped()
    {
        var stats = HeapAttribution.Parse(After).ToDictionary(s => s.Type);
        Assert.Equal(3, stats.Count);
        Assert.Equal(new HeapTypeStat("System.Byte[]", 42, 8_216 * 12 + 64 * 30), stats["System.Byte[]"]);
        Assert.Equal(224 * 11, stats["Dashboard.Realtime.WebSockets.WebSocketConnection"].Bytes);
    }

    [Fact]
    public void The_per_connection_table_divides_the_difference_by_the_connections()
    {
        var table = HeapAttribution.PerConnection(HeapAttribution.Parse(Before), HeapAttribution.Parse(After), connections: 10);
        Assert.Contains("| `Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.Http1Connection<Context>` | 1.00 | 840.0 |", table, StringComparison.Ordinal);
        Assert.Contains("| `Dashboard.Realtime.WebSockets.WebSocketConnection` | 1.00 | 224.0 |", table, StringComparison.Ordinal);
        // Byte[]: (10 × 8,216 + 20 × 64) / 10 connections.
        Assert.Contains("| `System.Byte[]` | 3.00 | 8344.0 |", table, StringComparison.Ordinal);
    }
}
